import { claimForStop, createModelRunFlag, guardModelRuns, withinModelRun } from './model-run-guard';

describe('model-run guard', () => {
  afterEach(() => guardModelRuns(undefined));

  it('the owner cannot claim the flag while a run holds it, and can once the run has ended', async () => {
    const flag = createModelRunFlag();
    guardModelRuns(flag);
    let release!: () => void;
    const running = withinModelRun(() => new Promise<string>((resolve) => (release = () => resolve('done'))));
    expect(claimForStop(flag)).toBe(false);
    release();
    expect(await running).toBe('done');
    expect(claimForStop(flag)).toBe(true);
    expect(claimForStop(flag)).toBe(true); // claimed stays claimed
  });

  it('a run that throws frees the flag', async () => {
    const flag = createModelRunFlag();
    guardModelRuns(flag);
    await expect(withinModelRun(() => Promise.reject(new Error('onnx failed')))).rejects.toThrow(
      'onnx failed',
    );
    expect(claimForStop(flag)).toBe(true);
  });

  it('without a flag, runs go straight through', async () => {
    expect(await withinModelRun(() => Promise.resolve(42))).toBe(42);
  });
});
