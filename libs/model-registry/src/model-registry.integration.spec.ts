import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, dropSchema } from '@hitscreen/db';
import { listModels, modelsDir, releaseModels } from '@hitscreen/models';
import { evaluationSetPath } from './evaluation';
import { ModelCheckError } from './model-check';
import { ModelRegistry, ModelRegistryError, PromotionRefusedError } from './model-registry.service';
import { tempModels, type TempModels } from './testing/model-dirs';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COMMITTED = listModels().map((m) => m.name);
const readModelCardVersion = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as { version: string }).version;

afterAll(() => releaseModels());

describe.each(['postgres', 'sqlite'] as const)('model registry on %s', (dialect) => {
  let registry: ModelRegistry;
  let models: TempModels;
  let sqliteDir: string | undefined;
  const schema = `registry_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    models = tempModels();
    sqliteDir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'registry-db-')) : undefined;
    registry = await ModelRegistry.open(
      dialect === 'postgres'
        ? { databaseUrl: POSTGRES_URL, databaseSchema: schema }
        : { databaseUrl: `sqlite:${join(sqliteDir!, 'registry.sqlite')}` },
    );
  });

  afterAll(async () => {
    await registry?.close();
    if (dialect === 'postgres') await dropSchema(POSTGRES_URL, schema);
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    models?.cleanup();
  });

  it('registers the committed models as production, with every file hashed as on disk', async () => {
    expect(COMMITTED).toEqual(['bace', 'bbbp', 'clintox', 'esol', 'lipophilicity', 'tox21']);
    for (const name of COMMITTED) {
      const { created, version } = await registry.register(join(modelsDir(), name), 'cli');
      expect(created).toBe(true);
      expect(version).toMatchObject({
        name,
        version: '1.0.0',
        status: 'production',
        dir: name,
        promotedBy: 'cli',
      });
      const paths = version.files.map((f) => f.path);
      expect(paths).toEqual(
        expect.arrayContaining(['card.json', 'parity.json', 'train-morgan.u8', 'member-0.onnx']),
      );
      for (const file of version.files) {
        const bytes = readFileSync(join(modelsDir(), name, file.path));
        expect(file).toEqual({
          path: file.path,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes: bytes.length,
        });
      }
    }
    // The same files again: the existing version, nothing new.
    const again = await registry.register(join(modelsDir(), 'esol'), 'cli');
    expect(again.created).toBe(false);
    const detail = await registry.get('esol', '1.0.0');
    expect(detail.promotions).toMatchObject([
      { verdict: 'accepted', basis: 'first-version', productionVersion: null },
    ]);
    expect(detail.card.trainingData.sha256).toBe(detail.trainingData.sha256);
    expect(await registry.verifyFiles('esol', '1.0.0')).toEqual([]);
  });

  it('refuses a directory whose files do not match its card: a missing member, weights that are not the exported ones', async () => {
    const missing = models.copy('esol', '9.0.0-missing');
    rmSync(join(missing, 'member-3.onnx'));
    await expect(registry.register(missing, 'cli')).rejects.toThrow(
      /member member-3.onnx listed in card.json is missing/,
    );
    const swapped = models.copy('esol', '9.0.0-swapped');
    cpSync(join(swapped, 'member-1.onnx'), join(swapped, 'member-0.onnx'));
    const error = await registry.register(swapped, 'cli').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCheckError);
    expect((error as Error).message).toMatch(
      /differ from the PyTorch outputs stored at export by [0-9.e-]+ \(limit 0.0001\)/,
    );
    // The same name and version with other files.
    const other = models.copy('esol', '1.0.0', 'esol-other');
    cpSync(join(modelsDir(), 'esol', 'card.json'), join(other, 'card.json'));
    cpSync(join(modelsDir(), 'esol', 'member-0.onnx'), join(other, 'extra.bin'));
    await expect(registry.register(other, 'cli')).rejects.toThrow(/registered already with other files/);
  });

  it('refuses to promote a worse candidate, re-evaluating both on the evaluation set, and stores the comparison', async () => {
    const worse = models.wrongTarget('1.1.0');
    const { version } = await registry.register(worse, 'cli');
    expect(version.status).toBe('candidate');
    const error = await registry.promote('esol', '1.1.0', 'user:admin-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromotionRefusedError);
    const promotion = (error as PromotionRefusedError).promotion;
    expect(promotion).toMatchObject({
      verdict: 'refused',
      basis: 'evaluation-set',
      productionVersion: '1.0.0',
    });
    const { comparison } = promotion;
    // Production re-evaluated on the evaluation set reproduces the card's test RMSE: it is the card's test split.
    expect(comparison.production!['mean RMSE']).toBeCloseTo(0.8196, 4);
    expect(comparison.candidate!['mean RMSE']).toBeGreaterThan(1.5);
    expect(comparison.evaluationSet).toMatchObject({ file: 'evaluation/esol.csv', molecules: 97 });
    expect(comparison.evaluationSet!.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(evaluationSetPath('esol')))
        .digest('hex'),
    );
    expect((error as Error).message).toMatch(
      /^promotion of esol 1.1.0 refused: mean RMSE: candidate [0-9.]+ is worse than production 0.8196 beyond the tolerance \(2%; at most 0.836 needed\)$/,
    );
    const stored = await registry.get('esol', '1.1.0');
    expect(stored.status).toBe('candidate');
    expect(stored.promotions).toEqual([promotion]);
    expect((await registry.production('esol'))?.version).toBe('1.0.0');
    const audit = await new AuditLog(registry.dataSource).forResource('models/esol/1.1.0');
    expect(audit.map((a) => [a.action, a.outcome, a.actor])).toEqual([
      ['model.register', 'allowed', 'cli'],
      ['model.promote', 'denied', 'user:admin-1'],
    ]);
  });

  it('promotes an equal candidate with the comparison stored, retiring the old production version', async () => {
    const same = models.copy('esol', '1.0.1');
    await registry.register(same, 'cli');
    await expect(registry.retire('esol', '1.0.0', 'cli')).rejects.toThrow(
      /is production: promote another version first/,
    );
    const promotion = await registry.promote('esol', '1.0.1', 'user:admin-1');
    expect(promotion).toMatchObject({
      verdict: 'accepted',
      basis: 'evaluation-set',
      productionVersion: '1.0.0',
    });
    expect(promotion.comparison.candidate).toEqual(promotion.comparison.production);
    expect(promotion.comparison.comparisons).toMatchObject([{ metric: 'mean RMSE', pass: true }]);
    const versions = Object.fromEntries((await registry.list('esol')).map((v) => [v.version, v]));
    expect(versions['1.0.0']).toMatchObject({ status: 'retired', retiredBy: 'user:admin-1' });
    expect(versions['1.0.1']).toMatchObject({ status: 'production', promotedBy: 'user:admin-1' });
    expect(versions['1.1.0'].status).toBe('candidate');
    await expect(registry.promote('esol', '1.0.1', 'cli')).rejects.toThrow(/is production, not a candidate/);
  });

  it('compares card metrics when a name has no evaluation set, and says so', async () => {
    // A root without evaluation sets (production bbbp copied there as it is): the cards' test metrics are compared.
    cpSync(join(modelsDir(), 'bbbp'), join(models.root, 'bbbp'), { recursive: true });
    const bare = new ModelRegistry(registry.dataSource, models.root);
    const candidate = models.copy('bbbp', '1.0.1');
    await bare.register(candidate, 'cli');
    const promotion = await bare.promote('bbbp', '1.0.1', 'cli');
    expect(promotion).toMatchObject({ verdict: 'accepted', basis: 'card-metrics' });
    expect(promotion.comparison.note).toMatch(
      /no evaluation set .*compared the cards’ test metrics, not re-evaluated/,
    );
    expect(promotion.comparison.production).toEqual({ 'mean ROC-AUC': expect.closeTo(0.934, 3) });
  });

  it('refuses to promote a version whose files changed after registration, naming the file', async () => {
    const dir = models.copy('esol', '1.2.0');
    await registry.register(dir, 'cli');
    writeFileSync(join(dir, 'notes.txt'), 'added later');
    cpSync(join(modelsDir(), 'esol', 'member-2.onnx'), join(dir, 'member-1.onnx'));
    const problems = await registry.verifyFiles('esol', '1.2.0');
    expect(problems).toEqual([
      expect.stringMatching(/^member-1.onnx changed \(SHA-256 [0-9a-f]{64}, registered [0-9a-f]{64}\)$/),
      'notes.txt was not registered',
    ]);
    await expect(registry.promote('esol', '1.2.0', 'cli')).rejects.toThrow(
      /esol 1.2.0: the files in .* are not the registered ones \(member-1.onnx changed/,
    );
    await registry.retire('esol', '1.2.0', 'cli');
  });

  it('deploys the production version to <root>/<name>/, keeping the served one under .previous/', async () => {
    // A models root of the test's own: the committed lipophilicity as served, a candidate under candidates/.
    const root = join(models.root, 'deploy-root');
    cpSync(join(modelsDir(), 'lipophilicity'), join(root, 'lipophilicity'), { recursive: true });
    const own = new ModelRegistry(registry.dataSource, root);
    await expect(own.deploy('lipophilicity', 'cli')).resolves.toMatchObject({
      version: '1.0.0',
      previous: null,
    });
    const candidate = join(root, 'candidates/lipophilicity/1.0.1');
    cpSync(models.copy('lipophilicity', '1.0.1'), candidate, { recursive: true });
    await own.register(candidate, 'cli');
    await own.promote('lipophilicity', '1.0.1', 'cli'); // basis: card metrics (no evaluation set in this root)
    // Served from its registered directory at once: deploying is not needed to serve it. (The other names'
    // production versions, registered above in this database, are served too.)
    const lipophilicity = async () => (await own.verifyServed()).filter((m) => m.name === 'lipophilicity');
    expect(await lipophilicity()).toEqual([
      {
        name: 'lipophilicity',
        version: '1.0.1',
        dir: 'candidates/lipophilicity/1.0.1',
        status: 'production',
        filesMatch: true,
        production: '1.0.1',
        problems: [],
      },
    ]);
    const deployed = await own.deploy('lipophilicity', 'user:admin-1');
    expect(deployed).toMatchObject({ name: 'lipophilicity', version: '1.0.1' });
    expect(deployed.previous).toMatch(/^\.previous\/lipophilicity-1\.0\.0-/);
    expect(readModelCardVersion(join(root, 'lipophilicity'))).toBe('1.0.1');
    expect(await lipophilicity()).toEqual([
      {
        name: 'lipophilicity',
        version: '1.0.1',
        dir: 'candidates/lipophilicity/1.0.1', // still served from there: the copy is for those who want it
        status: 'production',
        filesMatch: true,
        production: '1.0.1',
        problems: [],
      },
    ]);
    // The retired version's record follows its files.
    const old = (await own.list('lipophilicity')).find((v) => v.version === '1.0.0')!;
    expect(old.dir).toBe(deployed.previous);
    expect(await own.verifyFiles('lipophilicity', '1.0.0')).toEqual([]);
  });

  it('puts only candidates in shadow, and retires them', async () => {
    await expect(registry.setShadow('esol', '1.0.1', true, 'cli')).rejects.toThrow(ModelRegistryError);
    const on = await registry.setShadow('esol', '1.1.0', true, 'cli');
    expect(on.shadow).toBe(true);
    expect((await registry.shadowCandidates(['esol', 'bace'])).map((v) => v.version)).toEqual(['1.1.0']);
    expect(await registry.shadowCandidates(['bace'])).toEqual([]);
    const retired = await registry.retire('esol', '1.1.0', 'cli');
    expect(retired).toMatchObject({ status: 'retired', shadow: false, retiredBy: 'cli' });
    await expect(registry.get('esol', '7.7.7')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
