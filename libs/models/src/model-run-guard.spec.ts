import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { claimForStop, createModelRunFlag, guardModelRuns, withinModelRun } from './model-run-guard';

// A worker thread that runs "model runs" back to back (each a 20 ms timer, as session.run is a native call the
// thread awaits), through this module as bundled by esbuild (a thread cannot load TypeScript).
const THREAD = `
const { workerData } = require('node:worker_threads');
const guard = require(workerData.guardFile);
guard.guardModelRuns(workerData.flag);
const started = new Int32Array(workerData.started);
(async () => {
  for (let i = 0; i < 1000; i++)
    await guard.withinModelRun(() => {
      Atomics.add(started, 0, 1);
      return new Promise((resolve) => setTimeout(resolve, 20));
    });
})();
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('model-run guard', () => {
  afterEach(() => guardModelRuns(undefined));

  it('a stop asked for during back-to-back runs takes effect when the run in progress ends; the thread then starts no run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-run-guard-'));
    const guardFile = join(dir, 'model-run-guard.js');
    buildSync({
      entryPoints: [join(__dirname, 'model-run-guard.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: guardFile,
      logLevel: 'error',
    });
    const flag = createModelRunFlag();
    const started = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const thread = new Worker(THREAD, {
      eval: true,
      workerData: { guardFile, flag, started: started.buffer },
    });
    try {
      while (Atomics.load(started, 0) < 5) await sleep(5);
      // The owner's side as the pipeline runner does it: ask, then ask again every 5 ms until the flag is claimed.
      const before = Atomics.load(started, 0);
      const asked = performance.now();
      while (!claimForStop(flag)) await sleep(5);
      const claimedAfter = performance.now() - asked;
      const atClaim = Atomics.load(started, 0);
      await sleep(200);
      console.log(`stop claimed ${claimedAfter.toFixed(1)} ms after it was asked for (runs of 20 ms)`);
      // Within the run in progress (20 ms, plus timer lateness on a loaded machine), not the 1,000 runs' 20 s.
      expect(claimedAfter).toBeLessThan(1_000);
      // At most the run that started between the count and the request; none after the claim (parked).
      expect(atClaim - before).toBeLessThanOrEqual(1);
      expect(Atomics.load(started, 0)).toBe(atClaim);
      expect(claimForStop(flag)).toBe(true); // claimed stays claimed
    } finally {
      // A parked thread is terminated cleanly (it blocks in Atomics.wait, outside any run).
      expect(await thread.terminate()).toBe(1);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('with no stop asked for, runs take and free the flag: the owner can claim it between runs', async () => {
    const flag = createModelRunFlag();
    guardModelRuns(flag);
    expect(await withinModelRun(() => Promise.resolve('done'))).toBe('done');
    expect(claimForStop(flag)).toBe(true);
    expect(claimForStop(flag)).toBe(true);
  });

  it('a run that throws frees the flag', async () => {
    const flag = createModelRunFlag();
    guardModelRuns(flag);
    await expect(withinModelRun(() => Promise.reject(new Error('onnx failed')))).rejects.toThrow(
      'onnx failed',
    );
    expect(claimForStop(flag)).toBe(true);
  });

  it('a second run started while one holds the flag is refused (runs on a guarded thread are sequential)', async () => {
    const flag = createModelRunFlag();
    guardModelRuns(flag);
    let release!: () => void;
    const first = withinModelRun(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(withinModelRun(() => Promise.resolve(1))).rejects.toThrow(
      'a model run started while another holds the guard',
    );
    release();
    await first;
    expect(claimForStop(flag)).toBe(true);
  });

  it('without a flag, runs go straight through', async () => {
    expect(await withinModelRun(() => Promise.resolve(42))).toBe(42);
  });
});
