import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  generatePatientBundles,
  startTrialWorker,
  trialConfigFromEnv,
  type Trial,
  type TrialWorker,
} from '@hitscreen/trial';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEVELOPMENT_JWT_SECRET } from '@hitscreen/auth';
import { nanotorusSmiles } from '@hitscreen/screening/testing';
import { createApp } from '../src/create-app';
import { ModelCatalog } from '../src/models/model-catalog';
import { DRUGS, finalScreen, startStack, type E2eStack } from './e2e-backend';

// The web interface in a real browser (Debian's Chromium, driven by playwright-core) against the real application:
// the API on an ephemeral port serving dist/web, PostgreSQL, Redis, a screening worker and a trial worker in this
// process. A chemist signs in, drops a library, follows the progress, sorts, filters, opens a compound, searches
// similar ones, compares, exports and opens the report; a coordinator creates a trial, uploads patients, evaluates
// and opens the report; a clinical user sees the patient list. A second API process on the same back end, as a LAN
// deployment runs it (plain HTTP, API_PUBLIC_HTTPS=false, drawings on a thread under a time budget), serves a host
// name that is not localhost: its page loads, and a compound whose explanation is refused keeps its row.
// Screenshots of the main pages go to docs/screenshots.

const ROOT = join(__dirname, '../../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'docs/screenshots');
const present = existsSync(CHROMIUM);
if (!present && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: CI must run the browser tests (apt-get install chromium)`);
const describeBrowser = present ? describe : describe.skip;
if (!present)
  console.warn(`web-ui.e2e-spec: skipped, no Chromium at ${CHROMIUM} (install Debian's chromium package)`);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The example trial with broader inclusion (as the trials e2e spec), so that 300 patients give real cohorts. */
const T2D = JSON.parse(readFileSync(join(ROOT, 'examples/trial/t2d-001.json'), 'utf8')) as Trial;
const TRIAL: Trial = {
  ...T2D,
  id: 'T2D-WEB',
  inclusion: [
    { id: 'I1', type: 'age', min: 18, max: 80 },
    {
      id: 'I5',
      type: 'observation',
      codes: [
        { system: 'http://loinc.org', code: '2345-7' },
        { system: 'http://loinc.org', code: '14749-6' },
      ],
      op: '>=',
      value: 100,
      unit: 'mg/dL',
      within: { months: 24 },
      use: 'any',
    },
  ] as Trial['inclusion'],
};
const PATIENTS = `${[...generatePatientBundles({ count: 300, seed: 3 })].map((b) => JSON.stringify(b)).join('\n')}\n`;
/**
 * 64 carbons in 33 rings: scored in about a second (far less than the 10 × 10 one), and drawn in 0.27–0.9 s
 * (`molecule-times --nanotorus 8x8 --draw`, load 2 to 15). A 250 ms budget was not enough: on CI's idle machine
 * the explanation was drawn within it. 25 ms is a tenth of the fastest drawing measured (aspirin draws in ~5 ms).
 */
const TORUS = nanotorusSmiles(8, 8);
const LAN_BUDGET_MS = 25;
/** A host name that is not localhost, so that the browser treats plain HTTP as it would on a LAN. */
const LAN_HOST = 'lab.test';
const LIBRARY = `id,smiles\n${DRUGS.map(([id, smiles]) => `${id},${smiles}`).join('\n')}\nbroken,C1CC(\n`;

describeBrowser('web interface in Chromium', () => {
  let stack: E2eStack;
  let trialWorker: TrialWorker;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    // `npm test` builds dist/web first; a focused run builds it here when the sources are newer.
    execFileSync(process.execPath, ['scripts/build-web.mjs', '--if-stale', '--quiet'], { cwd: ROOT });
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({}, { maxMolecules: 1000 });
    trialWorker = await startTrialWorker({
      ...trialConfigFromEnv(process.env, stack.config),
      lockMs: 10_000,
    });
    await stack.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`],
    });
  }, 120_000);

  let lanApp: NestExpressApplication | undefined;
  afterAll(async () => {
    await lanApp?.close();
    await browser?.close();
    await trialWorker?.close();
    await stack?.close();
  });

  /** A fresh tab at 1280 px; console errors and page errors (a CSP refusal among them) are collected. */
  async function tab(width = 1280, height = 900): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
    // Generous waits: `npm test` runs this beside every other suite on two cores.
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    return { context, page };
  }

  /** Signs in with the keyboard only: type, Tab, type, Enter. */
  async function signIn(page: Page, persona: string, shot?: string, origin = base): Promise<void> {
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').focus();
    await page.keyboard.type(`${persona}@example.org`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`${persona} password, long enough`);
    if (shot) await page.screenshot({ path: join(SHOTS, shot) });
    await page.keyboard.press('Enter');
    await page.locator('header .who').waitFor();
  }

  const chemistApi = () => stack.people.as.chemist;

  /** Reads `read()` until `done` holds (45 s); the last value otherwise, in the failure. */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const same = (expected: unknown) => (value: unknown) => JSON.stringify(value) === JSON.stringify(expected);

  it('serves the page at / and /app/*, its assets, and leaves every API path its own answer', async () => {
    const page = await fetch(`${base}/app/screens/anything`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    // API_PUBLIC_HTTPS defaults to true: browsers are told to use HTTPS only.
    expect(page.headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/);
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${base}${script}`)).status).toBe(200);
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP would refuse it
    const api = await fetch(`${base}/screens`);
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ statusCode: 401 });
    expect((await fetch(`${base}/no-such-path`)).status).toBe(404);
  });

  it('sends a user whose account is disabled back to the sign-in page with the reason', async () => {
    const { context, page } = await tab();
    await signIn(page, 'teammate');
    await page.getByRole('heading', { name: 'Screens' }).waitFor();
    await stack.access.identity.disableUser(stack.people.users.teammate.id);
    await page.getByRole('link', { name: 'New screen' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Your session ended \(.+\)\. Sign in again\.$/,
    );
    await context.close();
    // The 401s behind it are the API's answer, not a page error.
    problems.splice(0, problems.length, ...problems.filter((p) => !/401/.test(p)));
    expect(problems).toEqual([]);
  });

  it('lets a chemist drop a library, follow it, sort, filter, open, search, compare and export', async () => {
    const { context, page } = await tab();
    await signIn(page, 'chemist', 'sign-in.png');
    await page.getByRole('heading', { name: 'Screens' }).waitFor();

    // Submit: the library dropped on the drop zone, two models, one weight changed.
    await page.getByRole('link', { name: 'New screen' }).click();
    await page.getByLabel('Name', { exact: true }).fill('web drugs');
    // Runs in the page (DOM types are not this project's): a File in a DataTransfer, as a drag from the desktop.
    const dropped = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File([${JSON.stringify(LIBRARY)}], 'drugs.csv', { type: 'text/csv' })); return t; })()`,
    );
    await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer: dropped });
    await page.getByText('drugs.csv (').waitFor();
    for (const box of await page.locator('input[name=model]').all()) {
      const name = await box.getAttribute('value');
      if (['esol', 'bbbp'].includes(name ?? '') !== (await box.isChecked())) await box.click();
    }
    await page.getByLabel('qed', { exact: true }).fill('2');
    await page.screenshot({ path: join(SHOTS, 'new-screen.png'), fullPage: true });
    await page.getByRole('button', { name: 'Submit screen' }).click();

    // Live progress until the end (server-sent events read with fetch()).
    await page.waitForURL(
      (url) => /\/app\/screens\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
    );
    const id = page.url().split('/').pop() as string;
    await page.locator('.title-row .badge', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('progress-text').getByText('100 % · 17 of 17 molecules · 1 invalid').waitFor();
    const screen = (await chemistApi().get(`/screens/${id}`).expect(200)).body as Json;
    expect(screen.options).toMatchObject({ name: 'web drugs', weights: { qed: 2 } });
    expect([...screen.options.models].sort()).toEqual(['bbbp', 'esol']);

    // The table: server-side order (best first), drawings, the invalid row with its reason.
    await page.getByTestId('results-total').getByText('17 compounds').waitFor();
    await until(
      () => page.locator('table.results tbody img.structure').count(),
      (n) => n === 16,
      'drawings',
    );
    const best = (await chemistApi().get(`/screens/${id}/results?sort=-score&pageSize=25`).expect(200))
      .body as Json;
    const ids = () => page.locator('table.results tbody tr td:nth-child(4) > a').allTextContents();
    expect(await ids()).toEqual(best.items.map((r: Json) => r.id));
    expect(await page.locator('tr.row-invalid').textContent()).toMatch(/broken.*invalid/);
    await page.screenshot({ path: join(SHOTS, 'results.png'), fullPage: true });

    // Sort by a column header: QED descending, as the API orders it.
    await page.getByRole('button', { name: /^QED/ }).click();
    const byQed = (await chemistApi().get(`/screens/${id}/results?sort=-qed&pageSize=25`).expect(200))
      .body as Json;
    await until(ids, same(byQed.items.map((r: Json) => r.id)), 'rows by QED');
    expect(await page.locator('th[aria-sort=descending]').textContent()).toContain('QED');
    // Twice on Alerts: ascending, fewest alerts first (ties in library order), as the API orders it.
    await page.getByRole('button', { name: /^Alerts/ }).click();
    await page.getByRole('button', { name: /^Alerts/ }).click();
    const byAlerts = (await chemistApi().get(`/screens/${id}/results?sort=alerts&pageSize=25`).expect(200))
      .body as Json;
    await until(ids, same(byAlerts.items.map((r: Json) => r.id)), 'rows by alerts');
    expect(await page.locator('th[aria-sort=ascending]').textContent()).toContain('Alerts');

    // Filter: a typed condition and a toggle; the total is the API's for the same filters.
    await page.getByLabel('Filter').fill('qed >= 0.6');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('No alerts').check();
    const filtered = (
      await chemistApi()
        .get(`/screens/${id}/results?filter=qed>=0.6&filter=alerts=none&pageSize=25`)
        .expect(200)
    ).body as Json;
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(16);
    await page.getByTestId('results-total').getByText(`${filtered.total} compounds`).waitFor();
    await page.getByRole('button', { name: 'Remove filter qed>=0.6' }).click();
    await page.getByLabel('No alerts').uncheck();
    await page.getByTestId('results-total').getByText('17 compounds').waitFor();

    // Pick two for comparison, then open aspirin: explanation, alerts, similarity search in the screen.
    await page.getByLabel('Compare aspirin', { exact: true }).check();
    await page.getByLabel('Compare ibuprofen').check();
    await page.getByRole('link', { name: 'aspirin', exact: true }).click();
    await page.getByRole('heading', { name: /aspirin/ }).waitFor();
    await page.locator('.compound figure img.structure').waitFor();
    await page.getByRole('button', { name: 'Find similar in this screen' }).click();
    const hits = page.getByTestId('similar-hits').locator('li');
    await hits.first().waitFor();
    // aspirin-sodium's parent is aspirin: Tanimoto 1, first.
    expect(await hits.first().textContent()).toContain('aspirin-sodium · Tanimoto 1.00');
    const similar = (await chemistApi().get(`/screens/${id}/similar?row=1&k=12`).expect(200)).body as Json;
    expect(await hits.count()).toBe(similar.hits.length);
    await page.screenshot({ path: join(SHOTS, 'compound.png'), fullPage: true });

    // Compare: the two picked, side by side.
    await page.getByRole('link', { name: 'Compare', exact: true }).click();
    await page.locator('table.compare img.structure').nth(1).waitFor();
    expect(await page.locator('table.compare thead th').allTextContents()).toEqual([
      'Compound',
      'aspirin remove',
      'ibuprofen remove',
    ]);
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });

    // Charts: a histogram of the 16 scores, the scatter; a click on a point opens its compound.
    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.locator('svg.scatter circle').nth(15).waitFor();
    await page.screenshot({ path: join(SHOTS, 'charts.png'), fullPage: true });
    // The best is drawn last, on top of the others.
    const row = await page.locator('svg.scatter circle').last().getAttribute('data-row');
    await page.locator('svg.scatter circle').last().click();
    await page.waitForURL(new RegExp(`/app/screens/${id}/rows/${row}$`));

    // Export: the downloaded CSV is the API's export byte for byte; the report opens in a new tab.
    await page.goto(`${base}/app/screens/${id}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const saved = readFileSync(await download.path());
    const exported = await chemistApi().get(`/screens/${id}/export?format=csv`).expect(200);
    expect(saved.toString('utf8')).toBe(exported.text);
    expect(download.suggestedFilename()).toBe('web drugs.csv');
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open report' }).click(),
    ]);
    await report.waitForURL(/^blob:/);
    expect(await report.textContent('body')).toContain('web drugs');

    // Tablet width: the page itself does not scroll sideways (wide tables scroll in their own box).
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.locator('table.results tbody img.structure').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(820);
    await page.screenshot({ path: join(SHOTS, 'results-tablet.png') });
    await context.close();
    expect(problems).toEqual([]);
  }, 240_000);

  it('takes a coordinator from a new trial to ranked cohorts, charts and the report; patients for clinical only', async () => {
    const { context, page } = await tab();
    await signIn(page, 'coordinator');
    await page.getByRole('heading', { name: 'Trials' }).waitFor();
    expect(await page.getByRole('link', { name: 'Screens' }).count()).toBe(0);
    await page.getByLabel('or paste it').fill(JSON.stringify(TRIAL));
    await page.getByRole('button', { name: 'Create trial' }).click();
    await page.getByRole('heading', { name: /T2D-WEB/ }).waitFor();
    await page.getByLabel(/Upload patients/).setInputFiles({
      name: 'patients.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(PATIENTS),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.locator('td .badge', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'trial.png'), fullPage: true });
    await page.getByRole('button', { name: 'Run evaluation' }).click();
    await page.getByTestId('evaluation-status').getByText('completed').waitFor({ timeout: 60_000 });

    // The ranked cohorts are the API's, in rank order; funnel and forecast drawn; no patient-level data.
    const [trialId, , evaluationId] = page.url().split('/').slice(-3);
    const evaluation = (
      await stack.people.as.coordinator.get(`/trials/${trialId}/evaluations/${evaluationId}`).expect(200)
    ).body as Json;
    const ranked = (evaluation.result.cohorts as Json[])
      .filter((c) => c.rank !== null)
      .sort((a, b) => a.rank - b.rank)
      .map((c) => c.name);
    const names = await page.getByTestId('cohorts').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(names.slice(0, ranked.length)).toEqual(ranked);
    expect(ranked.length).toBeGreaterThan(1);
    await page.locator('svg.funnel rect').first().waitFor();
    await page.locator('svg.forecast path.median').waitFor();
    expect(await page.getByTestId('patients').count()).toBe(0);
    await page.getByText('Patient-level results are shown to the clinical role only.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'evaluation.png'), fullPage: true });
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open report (printable)' }).click(),
    ]);
    await report.waitForURL(/^blob:/);
    expect(await report.textContent('body')).toContain(TRIAL.title);
    await context.close();

    // A clinical user of the same team opens the same evaluation and sees pseudonymous patients.
    const clinical = await tab();
    await signIn(clinical.page, 'clinical');
    await clinical.page.goto(`${base}/app/trials/${trialId}/evaluations/${evaluationId}`);
    const rows = clinical.page.getByTestId('patients').locator('tbody tr');
    await rows.first().waitFor();
    const listed = (
      await stack.people.as.clinical
        .get(`/trials/${trialId}/evaluations/${evaluationId}/patients?status=eligible&pageSize=25`)
        .expect(200)
    ).body as Json;
    expect(await rows.count()).toBe(listed.items.length);
    // The trial page lists the trial's evaluations from the API, also in a tab that did not start them.
    await clinical.page.goto(`${base}/app/trials/${trialId}`);
    const earlier = clinical.page.locator(`tr[data-evaluation="${evaluationId}"]`);
    await earlier.locator('.badge', { hasText: 'completed' }).waitFor();
    expect(await earlier.locator('td').nth(1).textContent()).toBe('patients.ndjson');
    await earlier.getByRole('link').click();
    await clinical.page.getByTestId('evaluation-status').getByText('completed').waitFor();
    await clinical.context.close();
    expect(problems).toEqual([]);
  }, 240_000);
  it('serves a LAN over plain HTTP (API_PUBLIC_HTTPS=false); a refused explanation leaves the row and says why', async () => {
    // The drawing thread runs from the bundle, as the API does (npm test builds it first; a focused run here).
    execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: ROOT });
    lanApp = await createApp(
      {
        config: {
          port: 0,
          limits: { maxUploadBytes: 1024 * 1024, maxPageSize: 1000 },
          screening: stack.config,
          auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, tokenTtlSeconds: 900 },
          rateLimitPerMinute: 100_000,
          publicHttps: false,
          drawing: {
            threads: 1,
            timeBudgetMs: LAN_BUDGET_MS,
            threadFile: join(ROOT, 'dist/api/drawing.worker.js'),
          },
        },
        screening: stack.screening,
        models: ModelCatalog.fromDisk(),
        access: stack.access,
      },
      { logger: false },
    );
    await lanApp.listen(0, '127.0.0.1');
    const port = (lanApp.getHttpServer().address() as AddressInfo).port;
    const lan = `http://${LAN_HOST}:${port}`;
    const headers = (await fetch(`http://127.0.0.1:${port}/`)).headers;
    expect(headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    expect(headers.get('strict-transport-security')).toBeNull();

    const submitted = await chemistApi()
      .post('/screens')
      .field('options', JSON.stringify({ name: 'torus', models: ['esol'] }))
      .attach('file', Buffer.from(`id,smiles\naspirin,${DRUGS[0][1]}\nnanotorus,${TORUS}\n`), 'torus.csv')
      .expect(202);
    const id = submitted.body.id as string;
    expect((await finalScreen(chemistApi(), id, 120_000)).status).toBe('completed');
    const torus = (await chemistApi().get(`/screens/${id}/results?filter=row=2`).expect(200)).body
      .items[0] as Json;
    expect(torus).toMatchObject({ id: 'nanotorus', status: 'ok' });

    const { context, page } = await tab();
    await signIn(page, 'chemist', undefined, lan);
    // Plain HTTP on a host name that is not localhost: not a secure context, and the script ran all the same.
    expect(await page.evaluate<boolean>('window.isSecureContext')).toBe(false);
    await page.goto(`${lan}/app/screens/${id}/rows/2`);
    await page.getByRole('heading', { name: /nanotorus/ }).waitFor();
    // The explanation is refused once the drawing has computed past the budget: its reason takes the drawing's place.
    const refused = page.locator('.compound figure .structure-missing', { hasText: 'no explanation:' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'no explanation: row 2 (nanotorus) could not be explained and drawn in time: ' +
        `not drawn: exceeded the drawing time budget of ${LAN_BUDGET_MS} ms`,
    );
    // The row's own data stays: its prediction, score, properties and (no) alerts, as the API stored them.
    const prediction = torus.predictions[0] as Json;
    expect(await page.locator('.compound tbody th').first().textContent()).toBe(prediction.key);
    expect(await page.locator('.compound tbody td').first().textContent()).toBe(
      `${prediction.value.toFixed(2)} ± ${prediction.uncertainty.toFixed(2)}`,
    );
    expect(await page.locator('.compound .big').textContent()).toContain(torus.desirability.toFixed(3));
    expect(await page.locator('.properties dt').count()).toBe(Object.keys(torus.properties).length);
    expect(await page.locator('.smiles code').first().textContent()).toBe(torus.parentSmiles);
    await page.screenshot({ path: join(SHOTS, 'compound-refused.png'), fullPage: true });
    await context.close();
    // The browser logs the 422 behind the refusal; it is the API's answer, not a page error.
    expect(problems.filter((p) => /422/.test(p))).toHaveLength(1);
    expect(problems.filter((p) => !/422/.test(p))).toEqual([]);
  }, 240_000);
});
