import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { releaseModels } from '@hitscreen/models';
import type { ScreenSummary } from './contract';
import { createScreeningService, openScreeningDatabase } from './service/screening.service';
import { startScreeningWorker, type ScreeningWorker } from './worker/screening-worker';
import { asStream, testLibrary } from './testing/library';
import { eventsUntilFinal, testBackend } from './testing/integration';

afterAll(() => releaseModels());

describe('failure policy', () => {
  it('a chunk that cannot succeed fails the screen with the reason', async () => {
    const backend = testBackend('postgres', 8);
    const service = await createScreeningService(backend.config);
    let worker: ScreeningWorker | undefined;
    const db = await openScreeningDatabase(backend.config.databaseUrl, backend.config.databaseSchema);
    try {
      const screen = await service.submit({
        options: { models: ['esol'] },
        records: asStream(testLibrary()),
      });
      // The stored chunk disappears (a broken database, an operator's mistake): retrying cannot fix that.
      await db.query('DELETE FROM library_chunk WHERE screen_id = $1 AND chunk_index = 1', [screen.id]);
      worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
      const events = await eventsUntilFinal(service.events(screen.id));
      expect(events.at(-1)!.status).toBe('failed');
      const failed = (await service.get(screen.id))!;
      expect(failed.error).toBe(
        `chunk 1 failed after 1 attempt(s): chunk 1 of screen ${screen.id} is not in the database`,
      );
      expect(failed.finishedAt).not.toBeNull();
    } finally {
      await worker?.close();
      await service.close();
      await db.destroy();
      await backend.cleanup();
    }
  });
});

describe('webhook', () => {
  let server: Server;
  const received: { status: number; body: ScreenSummary }[] = [];
  let answers = [503, 200];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const status = answers.shift() ?? 200;
        received.push({ status, body: JSON.parse(body) as ScreenSummary });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs the final summary, retrying a receiver that fails', async () => {
    answers = [503, 200];
    const backend = testBackend('sqlite', 16);
    const service = await createScreeningService(backend.config);
    const worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const screen = await service.submit({
        options: { models: ['esol'], webhookUrl: url },
        records: asStream(testLibrary().slice(0, 5)),
      });
      await eventsUntilFinal(service.events(screen.id));
      const deadline = Date.now() + 20_000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(received.map((r) => r.status)).toEqual([503, 200]);
      expect(received[1].body).toMatchObject({
        id: screen.id,
        status: 'completed',
        counts: { total: 5, done: 5 },
      });
    } finally {
      await worker.close();
      await service.close();
      await backend.cleanup();
    }
  });
});
