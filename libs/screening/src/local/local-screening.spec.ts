import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputRecord } from '@hitscreen/chem';
import { modelDir } from '@hitscreen/models';
import type { ResultRow } from '../contract';
import { LocalScreenCancelled, LocalScreening } from './local-screening';

const SMILES = [
  'CC(=O)Oc1ccccc1C(=O)O',
  'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
  'C1CC(',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
  'Oc1ccccc1O',
  'c1ccccc1',
  'CCO',
];

async function* library(smiles: readonly string[]): AsyncGenerator<InputRecord> {
  let record = 0;
  for (const structure of smiles) yield { record: ++record, id: `m${record}`, structure, fields: {} };
}

async function collect(rows: AsyncIterable<ResultRow>): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

// The pipeline on the calling thread (threads: 0) and no models: these tests are about storing, ranking, reading
// back and cancelling; the models' part of the pipeline is checked through the CLI (apps/cli screen.command.spec).
const open = () =>
  LocalScreening.open({ databaseUrl: 'sqlite::memory:', threads: 0, chunkSize: 2, readPageSize: 2 });

describe('LocalScreening', () => {
  it('stores every record once and reads them back by rank, across pages, then the unranked in input order', async () => {
    const local = await open();
    try {
      const progress: number[] = [];
      const summary = await local.screen(
        { options: { models: [] }, records: library(SMILES) },
        (status, c) => {
          if (status === 'running') progress.push(c.done);
        },
      );
      expect(summary).toMatchObject({
        status: 'completed',
        counts: { total: 7, done: 7, invalid: 1, failed: 0 },
      });
      // From 0, rising chunk by chunk (2 molecules) to the total.
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(7);
      expect(progress.every((d, i) => i === 0 || d > progress[i - 1])).toBe(true);

      const byRank = await collect(local.rowsByRank(summary.id));
      expect(byRank.map((r) => r.row).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(byRank.slice(0, 6).map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
      const scores = byRank.slice(0, 6).map((r) => r.desirability ?? NaN);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(byRank[6]).toMatchObject({ row: 3, status: 'invalid', rank: null, desirability: null });
      expect(byRank[6].error).toMatch(/SMILES Parse Error/);

      const inOrder = await collect(local.rowsInOrder(summary.id));
      expect(inOrder.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await local.close();
    }
  });

  it('stops after the chunks in flight when cancelled, keeping their rows and marking the screen cancelled', async () => {
    const local = await open();
    try {
      const run = local.screen({ options: { models: [] }, records: library(SMILES) }, (status, c) => {
        if (status === 'running' && c.done > 0) local.cancel();
      });
      const error = (await run.catch((e: unknown) => e)) as LocalScreenCancelled;
      expect(error).toBeInstanceOf(LocalScreenCancelled);
      expect(error.counts.done).toBeGreaterThan(0);
      expect(error.counts.done).toBeLessThan(7);
      const rows = await collect(local.rowsInOrder(error.screenId));
      expect(rows).toHaveLength(error.counts.done);
      expect(rows.every((r) => r.rank === null)).toBe(true);
      expect(await local.get(error.screenId)).toMatchObject({
        status: 'cancelled',
        counts: { total: 7, done: error.counts.done },
      });
    } finally {
      await local.close();
    }
  });

  it('stores the rows of a chunk that keeps failing as failed with the reason, and completes with errors', async () => {
    // A models folder whose esol card is valid but whose ONNX members are not: every chunk fails to load the model.
    const root = mkdtempSync(join(tmpdir(), 'hitscreen-broken-models-'));
    mkdirSync(join(root, 'esol'));
    copyFileSync(join(modelDir('esol'), 'card.json'), join(root, 'esol', 'card.json'));
    for (let m = 0; m < 5; m++) writeFileSync(join(root, 'esol', `member-${m}.onnx`), 'not a model');
    const before = process.env.HITSCREEN_MODELS_DIR;
    process.env.HITSCREEN_MODELS_DIR = root;
    const local = await open();
    try {
      const summary = await local.screen({ options: { models: ['esol'] }, records: library(SMILES) });
      expect(summary).toMatchObject({
        status: 'completed_with_errors',
        counts: { total: 7, done: 7, invalid: 0, failed: 7 },
      });
      expect(summary.error).toMatch(/^7 of 7 rows failed: chunk 0 failed after 2 attempt\(s\): /);
      const rows = await collect(local.rowsInOrder(summary.id));
      // The chunk never reached RDKit, so the unparsable SMILES (record 3) fails with the chunk's reason too, as in
      // the service; only a record the reader refused keeps its own reason.
      expect(rows.map((r) => r.status)).toEqual(Array(7).fill('failed'));
      expect(rows.every((r) => /^chunk \d failed after 2 attempt\(s\): /.test(r.error ?? ''))).toBe(true);
    } finally {
      await local.close();
      if (before === undefined) delete process.env.HITSCREEN_MODELS_DIR;
      else process.env.HITSCREEN_MODELS_DIR = before;
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses an unknown model with the reason', async () => {
    const local = await open();
    try {
      await expect(local.screen({ options: { models: ['nope'] }, records: library(SMILES) })).rejects.toThrow(
        /unknown model\(s\) nope/,
      );
    } finally {
      await local.close();
    }
  });
});
