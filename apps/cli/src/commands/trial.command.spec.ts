import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLI as a user runs it: the esbuild bundle that `npm test` builds first.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
const fixtures = join(root, 'apps/cli/test-fixtures/trial');
const example = join(root, 'examples/trial/t2d-001.json');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TRIAL_PSEUDONYM_KEY: 'cli-test-key-0123456789' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hitscreen trial', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-trial-'));

  it('validate: 0 for a valid trial', () => {
    const run = cli('trial', 'validate', example);
    expect(run).toMatchObject({
      code: 0,
      stdout: `${example}: valid trial T2D-001 (5 inclusion, 5 exclusion criteria, 4 sites)\n`,
    });
  });

  it('validate: 3 with every problem listed by path, unknown criterion type included', () => {
    const file = join(fixtures, 'invalid-trial.json');
    const run = cli('trial', 'validate', file);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `hitscreen: ${file}: invalid trial definition:\n` +
        '  id: must match ^[A-Za-z0-9._-]+$, got "BAD 1"\n' +
        '  asOf: must be a date YYYY-MM-DD, got "2026-13-01"\n' +
        '  inclusion[1].type: unknown type "lab"; expected one of age, sex, condition, observation, medication\n' +
        '  inclusion[2].op: must be one of "<", "<=", ">", ">=", "=", "!=", got string "gte"\n' +
        '  sites[0].match: must have at least 1 of: city, postalCodePrefix, state, organization\n' +
        '  assumptions.consentRate: must be ≤ 1, got 1.5\n',
    );
  });

  it('validate: 3 for a missing file, 2 without an argument', () => {
    expect(cli('trial', 'validate', join(dir, 'nope.json')).code).toBe(3);
    expect(cli('trial', 'validate').code).toBe(2);
  });

  it('rank: writes the JSON, report and CSV; reports a truncated NDJSON line and goes on', () => {
    const out = join(dir, 'out.json');
    const run = cli(
      'trial',
      'rank',
      '--patients',
      join(fixtures, 'patients.ndjson'),
      '--trial',
      example,
      '-o',
      out,
      '--report',
      join(dir, 'r.html'),
      '--csv',
      join(dir, 'c.csv'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('trial: skipped patients.ndjson line 5: not valid JSON');
    expect(run.stderr).toMatch(/trial: 2 patients ingested, 1 malformed resource\(s\) skipped, 4 cohorts/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.cohorts.map((c: { id: string; rank: number | null }) => [c.id, c.rank])).toEqual([
      ['S1', 1],
      ['S2', 2],
      ['S3', 3],
      ['S4', 4],
    ]);
    // Two patients: every non-zero count is suppressed.
    expect(result.totals).toMatchObject({ patients: '<11', eligible: 0 });
    expect(result.cohorts[0].funnel[0]).toEqual({
      criterion: 'alive',
      label: 'alive on 2026-11-01',
      remaining: '<11',
    });
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    // Self-contained: no script, nothing loaded from elsewhere (code systems' URIs in the text are fine).
    expect(html).not.toMatch(/<script|(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import/);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8').split('\n')[0]).toMatch(
      /^rank,id,name,activation_month,patients,eligible/,
    );
  });

  it('rank: an empty patient set is bad input (3), a missing option a usage error (2)', () => {
    const run = cli(
      'trial',
      'rank',
      '--patients',
      join(fixtures, 'no-patients.ndjson'),
      '--trial',
      example,
      '-o',
      join(dir, 'x.json'),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no patients could be read (1 problem(s))');
    expect(cli('trial', 'rank', '--trial', example, '-o', join(dir, 'x.json')).code).toBe(2);
    expect(
      cli('trial', 'rank', '--patients', join(dir, 'missing'), '--trial', example, '-o', join(dir, 'x.json'))
        .code,
    ).toBe(3);
  });

  it('rank on worker threads gives the one-thread result and reports bad lines with their number', () => {
    const population = join(dir, 'threads.ndjson');
    expect(cli('trial', 'generate', '-n', '300', '--seed', '9', '-o', population).code).toBe(0);
    appendFileSync(population, '{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Pat\n');
    const outputs = ['1', '2'].map((threads) => {
      const out = join(dir, `threads-${threads}.json`);
      const run = cli(
        'trial',
        'rank',
        '-t',
        threads,
        '--patients',
        population,
        '--trial',
        example,
        '-o',
        out,
      );
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('trial: skipped threads.ndjson line 301: not valid JSON');
      expect(run.stderr).toContain('trial: 300 patients ingested, 1 malformed resource(s) skipped');
      return readFileSync(out, 'utf8');
    });
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('generate: the same seed writes the same population', () => {
    expect(cli('trial', 'generate', '-n', '25', '--seed', '4', '-o', join(dir, 'a.ndjson')).code).toBe(0);
    expect(cli('trial', 'generate', '-n', '25', '--seed', '4', '-o', join(dir, 'b.ndjson')).code).toBe(0);
    expect(readFileSync(join(dir, 'a.ndjson'), 'utf8')).toBe(readFileSync(join(dir, 'b.ndjson'), 'utf8'));
    expect(cli('trial', 'generate', '-n', 'many', '-o', join(dir, 'c.ndjson')).code).toBe(2);
  });
});
