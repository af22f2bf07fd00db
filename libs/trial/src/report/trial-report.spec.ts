import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPatients } from '../ingest/read-patients';
import { Pseudonymizer } from '../pseudonym';
import { rankTrial } from '../rank/rank-trial';
import { parseTrial } from '../schema/validate-trial';
import { writeSyntheticPatients } from '../synthetic/write-bundles';
import { renderTrialReport } from './trial-report';

describe('renderTrialReport: demographic shares', () => {
  it.each([
    [2000, 'the living population is shown: each shown category gets its share of it'],
    [300, 'the living population is hidden (1–10 deceased): no share, rather than a wrong one'],
  ])('%i patients: %s, even where another cell is suppressed', async (count) => {
    const dir = mkdtempSync(join(tmpdir(), 'trial-report-'));
    try {
      const file = join(dir, 'p.ndjson');
      await writeSyntheticPatients(file, { count, seed: 21 });
      const trial = parseTrial(
        readFileSync(join(__dirname, '../../../../examples/trial/t2d-001.json'), 'utf8'),
        't2d-001.json',
      );
      const ranking = await rankTrial(
        trial,
        readPatients(file, { pseudonymizer: new Pseudonymizer('k'.repeat(16)) }),
      );
      const race = ranking.totals.population.race;
      const alive = ranking.totals.funnel[0].remaining;
      expect(Object.values(race)).toContain('<11'); // the case that used to print "0 %"
      const white = race.white as number;
      const html = renderTrialReport(ranking);
      const row = html.match(/<tr><td class="l">white<\/td>.*<\/tr>/)![0];
      if (typeof alive === 'number') {
        expect(count).toBe(2000);
        expect(row).toContain(`<td>${white}</td><td>${Math.round((white / alive) * 100)} %</td>`);
      } else {
        expect(count).toBe(300);
        expect(row).toContain(`<td>${white}</td><td>–</td>`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
