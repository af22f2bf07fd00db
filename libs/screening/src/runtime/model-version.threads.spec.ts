// A registered model version crosses into a real pipeline thread (the esbuild bundle the worker process runs): the
// thread checks the files itself and scores with them, and a changed file's refusal comes back naming the file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashModelFiles } from '@hitscreen/model-registry';
import { modelsDir, releaseModels, type ModelVersionSource } from '@hitscreen/models';
import { testLibrary } from '../testing/library';
import { buildBundles } from '../testing/worker-process';
import { PipelineRunner } from './pipeline-runner';
import { screenBatch } from './screen-chunk.worker';

const THREAD_FILE = join(__dirname, '../../../../dist/worker/screen-chunk.worker.js');
const options = { weights: {}, limits: { maxStructureLength: 20_000, maxHeavyAtoms: 150 } };
const root = mkdtempSync(join(tmpdir(), 'model-version-threads-'));

/** models/esol copied as `version` (domain threshold 0.99, so its rows differ from models/esol's), as registered. */
async function registeredEsol(version: string): Promise<ModelVersionSource> {
  const dir = join(root, version);
  cpSync(join(modelsDir(), 'esol'), dir, { recursive: true });
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as { domain: object };
  writeFileSync(
    join(dir, 'card.json'),
    JSON.stringify({ ...card, version, domain: { ...card.domain, threshold: 0.99 } }),
  );
  return { name: 'esol', version, dir, files: await hashModelFiles(dir) };
}

afterAll(async () => {
  await releaseModels();
  rmSync(root, { recursive: true, force: true });
});

describe('registered model versions on pipeline threads', () => {
  beforeAll(() => buildBundles());

  it('a thread scores with the registered files it checked, and refuses a changed one naming it', async () => {
    const records = testLibrary().slice(0, 6);
    const version = await registeredEsol('7.0.0');
    const changed = await registeredEsol('7.0.1');
    const member = join(changed.dir!, 'member-0.onnx');
    const bytes = readFileSync(member);
    bytes[200] ^= 0xff;
    writeFileSync(member, bytes);

    const runner = new PipelineRunner(1, THREAD_FILE);
    try {
      const rows = await runner.run(records, { models: [version], options });
      // The same rows as the pipeline on this thread with the same version, and its domain threshold applied.
      expect(rows).toEqual(await screenBatch({ records, models: [version], options }));
      const ok = rows.filter((r) => r.status === 'ok');
      expect(ok.length).toBe(6);
      for (const { domain } of ok) expect(domain[0].inDomain).toBe(domain[0].maxSimilarity >= 0.99);
      await expect(runner.run(records, { models: [changed], options })).rejects.toThrow(
        new RegExp(`^model esol 7.0.1: ${member} is not the registered file \\(SHA-256 [0-9a-f]{64}`),
      );
    } finally {
      await runner.close();
    }
  });
});
