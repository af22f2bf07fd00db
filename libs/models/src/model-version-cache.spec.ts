import { ModelVersionCache } from './model-version-cache';

/** A cache of plain values whose disposals are recorded, so what stays loaded is visible. */
function recordingCache(maxPerName = 2) {
  const disposed: string[] = [];
  const loads: string[] = [];
  const cache = new ModelVersionCache<string>(async (value) => {
    disposed.push(value);
  }, maxPerName);
  const acquire = (name: string, version: string) =>
    cache.acquire(name, version, async () => {
      loads.push(`${name} ${version}`);
      return `${name} ${version}`;
    });
  return { cache, acquire, disposed, loads };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ModelVersionCache', () => {
  it('loads a version once and keeps at most two versions of a name, evicting the least recently used', async () => {
    const { cache, acquire, disposed, loads } = recordingCache();
    (await acquire('esol', '1')).release();
    (await acquire('esol', '1')).release();
    (await acquire('bbbp', '1')).release();
    (await acquire('esol', '2')).release();
    (await acquire('esol', '1')).release(); // 1 is now more recent than 2
    (await acquire('esol', '3')).release();
    await settle();
    expect(loads).toEqual(['esol 1', 'bbbp 1', 'esol 2', 'esol 3']);
    expect(disposed).toEqual(['esol 2']);
    expect(cache.keys()).toEqual([
      ['bbbp', '1'],
      ['esol', '1'],
      ['esol', '3'],
    ]);
  });

  it('disposes of an evicted version only when the last caller holding it releases it', async () => {
    const { acquire, disposed } = recordingCache(1);
    const held = await acquire('esol', '1');
    const again = await acquire('esol', '1');
    (await acquire('esol', '2')).release();
    await settle();
    expect(disposed).toEqual([]);
    held.release();
    held.release(); // idempotent: one lease is one count
    await settle();
    expect(disposed).toEqual([]);
    again.release();
    await settle();
    expect(disposed).toEqual(['esol 1']);
  });

  it('does not keep a failed load: the next acquire loads again', async () => {
    let attempts = 0;
    const cache = new ModelVersionCache<string>(async () => undefined);
    const load = async () => {
      if (++attempts === 1) throw new Error('member-0.onnx is not the registered file');
      return 'loaded';
    };
    await expect(cache.acquire('esol', '1', load)).rejects.toThrow(
      'member-0.onnx is not the registered file',
    );
    expect(cache.keys()).toEqual([]);
    await expect(cache.acquire('esol', '1', load)).resolves.toMatchObject({ value: 'loaded' });
    expect(attempts).toBe(2);
  });

  it('clear() disposes of everything not held, and the held as they are released', async () => {
    const { cache, acquire, disposed } = recordingCache();
    (await acquire('esol', '1')).release();
    const held = await acquire('bbbp', '1');
    await cache.clear();
    expect(disposed).toEqual(['esol 1']);
    held.release();
    await settle();
    expect(disposed).toEqual(['esol 1', 'bbbp 1']);
    expect(cache.keys()).toEqual([]);
  });
});
