import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropSchema } from '@hitscreen/db';
import { openScreeningDatabase } from '../service/screening.service';
import { testBackend, TEST_POSTGRES_URL } from '../testing/integration';
import { ScreenStore } from './screen.store';

// Two workers store two chunks of one screen at the same moment (real PostgreSQL, READ COMMITTED). The screen's
// counts are a sum over its chunks; before the screen's row was locked first, the second transaction summed
// without the first one's uncommitted chunk and the screen ended a chunk short (CI: `completed`, 12 of 16 rows).
const backend = testBackend('postgres', 4);
const schema = backend.config.databaseSchema!;
let dataSource: DataSource;
let store: ScreenStore;

beforeAll(async () => {
  dataSource = await openScreeningDatabase(TEST_POSTGRES_URL, schema);
  store = new ScreenStore(dataSource);
});
afterAll(async () => {
  await dataSource?.destroy();
  await dropSchema(TEST_POSTGRES_URL, schema);
});

async function screenOfTwoChunks(): Promise<string> {
  const id = randomUUID();
  await store.create({
    id,
    name: null,
    owner: null,
    team: null,
    status: 'running',
    options: '{}',
    models: '[]',
    scoreKeys: '[]',
    error: null,
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
  });
  const record = (n: number) => ({ record: n, id: `m${n}`, structure: 'CCO', fields: {} });
  await store.addChunk(id, 0, [1, 2, 3, 4].map(record));
  await store.addChunk(id, 1, [5, 6, 7, 8].map(record));
  await store.setSize(id, 8, 2);
  return id;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('two chunks completed in overlapping transactions: the screen counts both', async () => {
  const id = await screenOfTwoChunks();
  let secondStarted!: () => void;
  const secondHasStarted = new Promise<void>((resolve) => (secondStarted = resolve));

  // The first transaction completes chunk 0 and stays open until the second one has issued its statements.
  const first = dataSource.transaction(async (m) => {
    await store.completeChunk(m, id, 0, { done: 4, invalid: 1, failed: 0 });
    await secondHasStarted;
    await sleep(300); // the second transaction is now waiting on the screen's row (or, unfixed, on its UPDATE)
  });
  await sleep(100);
  const second = dataSource.transaction(async (m) => {
    const completing = store.completeChunk(m, id, 1, { done: 4, invalid: 0, failed: 1 });
    secondStarted();
    await completing;
  });
  await Promise.all([first, second]);

  const screen = (await store.get(id))!;
  expect({ done: screen.done, invalid: screen.invalid, failed: screen.failed }).toEqual({
    done: 8,
    invalid: 1,
    failed: 1,
  });
});

it('a chunk storing while a cancel comes: the cancel waits for the chunk, and no chunk lands after it', async () => {
  const id = await screenOfTwoChunks();
  const order: string[] = [];
  let statusRead!: () => void;
  const readDone = new Promise<void>((resolve) => (statusRead = resolve));
  const chunk = dataSource.transaction(async (m) => {
    expect(await store.statusIn(m, id)).toBe('running');
    statusRead();
    await sleep(300);
    await store.completeChunk(m, id, 0, { done: 4, invalid: 0, failed: 0 });
    order.push('chunk stored');
  });
  await readDone;
  const cancel = store.finish(id, 'cancelled', new Date().toISOString()).then((moved) => {
    order.push('cancelled');
    return moved;
  });
  await Promise.all([chunk, cancel]);
  expect(order).toEqual(['chunk stored', 'cancelled']);
  expect(await cancel).toBe(true);
  // A chunk that starts after the cancel reads the final status and stores nothing (what the processor does).
  await dataSource.transaction(async (m) => {
    expect(await store.statusIn(m, id)).toBe('cancelled');
  });
});
