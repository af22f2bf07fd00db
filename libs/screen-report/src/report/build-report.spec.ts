import { join } from 'node:path';
import { modelsDir, readModelCard } from '@hitscreen/models';
import type { ResultRow } from '@hitscreen/screening';
import { buildScreenReport } from './build-report';
import { okRow, SUMMARY } from './testing-rows';

async function* rows(list: ResultRow[]): AsyncGenerator<ResultRow> {
  yield* list;
}

describe('buildScreenReport', () => {
  it('makes one self-contained page with the summary, charts, depicted hits, alerts and model cards', async () => {
    const card = readModelCard(join(modelsDir(), 'esol'));
    const html = await buildScreenReport(
      SUMMARY,
      rows([
        okRow(1, { alerts: [{ catalog: 'Brenk', name: 'phenol_ester', atoms: [0] }] }),
        okRow(2, { parentSmiles: 'CCO', id: 'ethanol' }),
        {
          ...okRow(3),
          status: 'invalid',
          error: 'SMILES Parse Error',
          properties: {},
          predictions: [],
          desirability: null,
          parentSmiles: null,
        },
      ]),
      [card],
      { generatedAt: '2026-11-29T07:00:00.000Z' },
    );
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Screen phenols &#60;test&#62;</title>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org|www\.rdkit\.org)/);
    expect(html).not.toContain('<?xml');
    expect(html).toContain('<h2>Score distributions</h2>');
    expect(html).toContain('MW vs cLogP');
    // top hits: row 2 (desirability 0.02) before row 1 (0.01), each with a structure drawing
    expect(html.indexOf('#1 ethanol')).toBeGreaterThan(0);
    expect(html.indexOf('#2 m1')).toBeGreaterThan(html.indexOf('#1 ethanol'));
    expect((html.match(/class="hit"/g) ?? []).length).toBe(2);
    expect((html.match(/<svg version='1.1'/g) ?? []).length).toBe(2);
    expect(html).toContain('<td>phenol_ester</td><td class="n">1</td><td class="n">50.0%</td>');
    expect(html).toContain('invalid input</th><td>1</td>');
    expect(html).toContain(`Headline: ${card.metrics.headline.name}`);
  });
});
