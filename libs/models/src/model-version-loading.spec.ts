import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireModelVersion, loadedModelVersions, loadModel, releaseModels } from './model-loader';
import { ModelFileMismatchError, type RegisteredModelFile } from './model-file-check';
import { TOY_MODEL_DIR } from './testing/toy-model';
import { FIXTURE_SMILES } from '../test-fixtures/fixture-molecules';
import { scoreSmiles } from './score';

const root = mkdtempSync(join(tmpdir(), 'model-versions-'));

/** A copy of the toy model as version `version`, and its files as a registry records them. */
function toyVersion(version: string): { dir: string; files: RegisteredModelFile[] } {
  const dir = join(root, version);
  cpSync(TOY_MODEL_DIR, dir, { recursive: true });
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'card.json'), JSON.stringify({ ...card, version }));
  const files = readdirSync(dir)
    .sort()
    .map((path) => {
      const bytes = readFileSync(join(dir, path));
      return { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    });
  return { dir, files };
}

afterAll(async () => {
  await releaseModels();
  rmSync(root, { recursive: true, force: true });
});

describe('acquireModelVersion', () => {
  it('loads a registered version from its checked bytes: the same predictions as loading the directory', async () => {
    const v1 = toyVersion('1.0.0');
    const lease = await acquireModelVersion({ name: 'toy-model', version: '1.0.0', ...v1 });
    expect(lease.value.card.version).toBe('1.0.0');
    const smiles = [...FIXTURE_SMILES];
    const fromDir = await scoreSmiles(await loadModel(v1.dir), smiles);
    expect(await scoreSmiles(lease.value, smiles)).toEqual(fromDir);
    // Cached per thread: the second acquire gets the same sessions.
    const again = await acquireModelVersion({ name: 'toy-model', version: '1.0.0', ...v1 });
    expect(again.value).toBe(lease.value);
    lease.release();
    again.release();
  });

  it('refuses a registered file changed by one byte, or missing, naming the file', async () => {
    const v2 = toyVersion('2.0.0');
    const member = join(v2.dir, 'member-1.onnx');
    const bytes = readFileSync(member);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(member, bytes);
    const error = await acquireModelVersion({ name: 'toy-model', version: '2.0.0', ...v2 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFileMismatchError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^model toy-model 2.0.0: ${member} is not the registered file \\(SHA-256 [0-9a-f]{64}, ${bytes.length} bytes; ` +
          `registered ${v2.files.find((f) => f.path === 'member-1.onnx')!.sha256}, ${bytes.length} bytes\\)`,
      ),
    );
    rmSync(join(v2.dir, 'train-morgan.u8'));
    await expect(acquireModelVersion({ name: 'toy-model', version: '2.0.0', ...v2 })).rejects.toThrow(
      /model toy-model 2.0.0: .*member-1.onnx is not the registered file/,
    );
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(member, bytes); // restored: now the missing fingerprints are named
    await expect(acquireModelVersion({ name: 'toy-model', version: '2.0.0', ...v2 })).rejects.toThrow(
      /model toy-model 2.0.0: .*train-morgan.u8 cannot be read/,
    );
    expect(loadedModelVersions().map((v) => v.version)).not.toContain('2.0.0');
  });

  it('refuses a directory that holds another version than the one recorded', async () => {
    const v3 = toyVersion('3.0.0');
    await expect(acquireModelVersion({ name: 'toy-model', version: '3.0.1', dir: v3.dir })).rejects.toThrow(
      `${v3.dir} holds toy-model 3.0.0, not toy-model 3.0.1 as recorded (that version is not in the model registry, and the served files changed)`,
    );
  });

  it('keeps at most two versions of a model loaded per thread, releasing the least recently used', async () => {
    const versions = ['4.0.0', '4.0.1', '4.0.2'].map((v) => ({
      name: 'toy-model',
      version: v,
      ...toyVersion(v),
    }));
    const first = await acquireModelVersion(versions[0]);
    first.release();
    for (const v of versions.slice(1)) (await acquireModelVersion(v)).release();
    expect(loadedModelVersions()).toEqual([
      { name: 'toy-model', version: '4.0.1' },
      { name: 'toy-model', version: '4.0.2' },
    ]);
    // The evicted version's sessions were released: running one fails.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(scoreSmiles(first.value, ['CCO'])).rejects.toThrow();
  });
});
