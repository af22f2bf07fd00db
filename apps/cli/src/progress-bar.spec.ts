import { ProgressBar } from './progress-bar';

/** A stand-in for stderr that records what is written; `isTTY` decides whether the bar draws at all. */
function stream(isTTY: boolean) {
  const writes: string[] = [];
  const fake = { isTTY, write: (text: string) => writes.push(text) > 0 };
  return { writes, fake: fake as unknown as NodeJS.WriteStream };
}

describe('ProgressBar', () => {
  it('draws on a terminal at most every 100 ms, always the final state, and ends the line once', () => {
    const { writes, fake } = stream(true);
    let clock = 1_000;
    const bar = new ProgressBar('screen', fake, () => clock);
    bar.reading(1200);
    bar.update(0, 2000); // within 100 ms of the last draw: skipped
    clock += 10_000;
    bar.update(500, 2000);
    clock += 50;
    bar.update(600, 2000); // skipped
    clock += 50;
    bar.update(2000, 2000); // the end is always drawn
    bar.done();
    bar.done(); // the line is ended once
    expect(writes).toEqual([
      '\rscreen: reading, 1,200 records\x1b[K',
      '\rscreen [######..................] 25% 500/2,000, 50.0/s, 30 s left\x1b[K',
      '\rscreen [########################] 100% 2,000/2,000, 198.0/s, 0 s left\x1b[K',
      '\n',
    ]);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { writes, fake } = stream(false);
    const bar = new ProgressBar('screen', fake);
    bar.reading(10);
    bar.update(10, 10);
    bar.done();
    expect(writes).toEqual([]);
  });
});
