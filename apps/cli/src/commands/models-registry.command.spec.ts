import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The registry commands as a user runs them (the esbuild bundle `npm test` builds first), on a SQLite file.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'cli-registry-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(tmp, 'db', 'registry.sqlite')}`,
};
delete env.DATABASE_SCHEMA;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, 'models', ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of models/<name> with another card version (and, for `wrong`, the lipophilicity ensemble inside). */
function candidate(name: string, version: string, wrong = false): string {
  const dir = join(tmp, `${name}-${version}`);
  cpSync(join(root, 'models', name), dir, { recursive: true });
  if (wrong) {
    for (let k = 0; k < 5; k++)
      cpSync(join(root, 'models/lipophilicity', `member-${k}.onnx`), join(dir, `member-${k}.onnx`));
    cpSync(join(root, 'models/lipophilicity/parity.json'), join(dir, 'parity.json'));
  }
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as object;
  writeFileSync(join(dir, 'card.json'), JSON.stringify({ ...card, version }));
  return dir;
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('models register | versions | show | promote | retire | shadow', () => {
  it('registers, gates a promotion on the evaluation set, shadows and retires, printing JSON', () => {
    const first = cli('register', 'models/esol');
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({
      created: true,
      version: { name: 'esol', version: '1.0.0', status: 'production', dir: 'esol', registeredBy: 'cli' },
    });

    // Only esol is registered: it matches; the other served models are reported, and the command fails.
    const verify = cli('verify');
    expect(verify.code).toBe(1);
    const served = JSON.parse(verify.stdout) as { name: string; problems: string[] }[];
    expect(served.find((m) => m.name === 'esol')).toMatchObject({
      filesMatch: true,
      status: 'production',
      production: '1.0.0',
      problems: [],
    });
    expect(served.find((m) => m.name === 'bace')).toMatchObject({
      filesMatch: false,
      status: null,
      problems: ['not registered'],
    });
    expect(verify.stderr).toMatch(
      /^hitscreen: served models not matching the registry: bace \(not registered\)/,
    );

    const worse = cli('register', candidate('esol', '1.1.0', true));
    expect(JSON.parse(worse.stdout).version.status).toBe('candidate');
    const refused = cli('promote', 'esol', '1.1.0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^hitscreen: promotion of esol 1.1.0 refused: mean RMSE: candidate [0-9.]+ is worse than production 0.8196 beyond the tolerance \(2%; at most 0.836 needed\)\n$/,
    );
    expect(JSON.parse(refused.stdout)).toMatchObject({ verdict: 'refused', basis: 'evaluation-set' });

    cli('register', candidate('esol', '1.0.1'));
    expect(JSON.parse(cli('shadow', 'esol', '1.0.1', 'on').stdout)).toMatchObject({ shadow: true });
    expect(cli('shadow', 'esol', '1.0.1', 'maybe')).toMatchObject({ code: 2 });
    const accepted = cli('promote', 'esol', '1.0.1');
    expect(accepted.code).toBe(0);
    const promotion = JSON.parse(accepted.stdout);
    expect(promotion).toMatchObject({ verdict: 'accepted', productionVersion: '1.0.0' });
    expect(promotion.comparison.candidate['mean RMSE']).toBeCloseTo(0.8196, 4);

    const versions = JSON.parse(cli('versions', 'esol').stdout) as {
      version: string;
      status: string;
      shadow: boolean;
    }[];
    expect(versions.map((v) => [v.version, v.status, v.shadow])).toEqual([
      ['1.0.0', 'retired', false],
      ['1.1.0', 'candidate', false],
      ['1.0.1', 'production', false],
    ]);
    // New screens are served 1.0.1 from its registered directory: no deploy, models/esol/ still holds 1.0.0.
    const promoted = JSON.parse(cli('verify').stdout) as { name: string; problems: string[] }[];
    expect(promoted.find((m) => m.name === 'esol')).toEqual({
      name: 'esol',
      version: '1.0.1',
      dir: join(tmp, 'esol-1.0.1'),
      status: 'production',
      filesMatch: true,
      production: '1.0.1',
      problems: [],
    });
    expect(JSON.parse(cli('retire', 'esol', '1.1.0').stdout)).toMatchObject({
      status: 'retired',
      retiredBy: 'cli',
    });
    const again = cli('retire', 'esol', '1.1.0');
    expect(again).toMatchObject({ code: 1, stderr: 'hitscreen: esol 1.1.0 is retired already\n' });
    const shown = JSON.parse(cli('show', 'esol', '1.1.0').stdout);
    expect(shown.promotions).toHaveLength(1);
    expect(shown.card.name).toBe('esol');
    expect(cli('show', 'esol', '3.0.0').stderr).toBe(
      'hitscreen: no registered version 3.0.0 of model esol\n',
    );
  });

  it('deploys the production version into the served directory of a models root (HITSCREEN_MODELS_DIR)', () => {
    const root = join(tmp, 'root');
    cpSync(join(root, '..', 'esol-1.0.1'), join(root, 'candidates/esol/1.0.1'), { recursive: true });
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [main, 'models', ...args], {
        cwd: root,
        env: { ...env, HITSCREEN_MODELS_DIR: root, DATABASE_URL: `sqlite:${join(tmp, 'deploy.sqlite')}` },
        encoding: 'utf8',
      });
    expect(run('register', 'candidates/esol/1.0.1').status).toBe(0); // a name's first version: production
    const deployed = run('deploy', 'esol');
    expect(deployed.stderr).toBe('');
    expect(JSON.parse(deployed.stdout)).toEqual({ name: 'esol', version: '1.0.1', previous: null });
    expect(JSON.parse(readFileSync(join(root, 'esol/card.json'), 'utf8')).version).toBe('1.0.1');
    const verify = run('verify');
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject([{ name: 'esol', status: 'production', problems: [] }]);
  });

  it('refuses a directory that is not a servable model, naming the problem', () => {
    const broken = candidate('bbbp', '2.0.0');
    rmSync(join(broken, 'train-morgan.u8'));
    const run = cli('register', broken);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not a servable model: training fingerprints train-morgan.u8 are missing/);
  });
});
