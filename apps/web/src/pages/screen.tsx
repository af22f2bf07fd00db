import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Scatter, ScoreHistogram, ScoreLegend } from '../components/charts';
import { Link } from '../components/link';
import { Pager } from '../components/pager';
import { Structure } from '../components/structure';
import { download, followEvents, getJson, openHtml, request } from '../lib/api';
import { comparedRows, comparison, MAX_COMPARE, toggleCompared } from '../lib/compare';
import {
  dateTime,
  inDomain,
  nextSort,
  num,
  outOfDomainModels,
  parseFilter,
  percent,
  prediction,
  resultKeys,
  resultsQuery,
  sortState,
} from '../lib/format';
import { getResultRow } from '../lib/result-row';
import { BASE, location, navigate } from '../lib/router';
import { useSignal } from '../lib/signal';
import type { Page, ResultRow, Screen, ScreenCounts, StructurePage } from '../lib/types';
import { StatusBadge } from './screens';

const FINAL = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);
const VIEWS = ['results', 'charts', 'compare'] as const;
type View = (typeof VIEWS)[number];

export function ScreenPage(props: { id: string }) {
  const { query } = useSignal(location);
  const view: View = (VIEWS as readonly string[]).includes(query.get('view') ?? '')
    ? (query.get('view') as View)
    : 'results';
  const screen = useLoad((signal) => getJson<Screen>(`/screens/${props.id}`, signal), [props.id]);
  const [live, setLive] = useState<{ status: string; counts: ScreenCounts; progress: number } | null>(null);
  const reload = screen.reload;

  // Live progress while the screen runs: the API's server-sent events, read with fetch() and the token.
  const running = screen.data !== undefined && !FINAL.has(screen.data.status);
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    followEvents(
      `/screens/${props.id}/events`,
      (event) => {
        if (event.event === 'progress') setLive(JSON.parse(event.data));
        if (event.event === 'end') reload();
      },
      controller.signal,
    )
      .then(() => !controller.signal.aborted && reload())
      .catch(() => !controller.signal.aborted && setTimeout(reload, 2000));
    return () => controller.abort();
  }, [running, props.id]);

  if (screen.error) return <ErrorNote>{screen.error}</ErrorNote>;
  if (!screen.data) return <p aria-busy="true">Loading…</p>;
  const s = screen.data;
  const counts = running && live ? live.counts : s.counts;
  const progress = running && live ? live.progress : s.progress;
  const status = running && live ? live.status : s.status;
  const setView = (v: View) => navigate(`${BASE}/screens/${s.id}?view=${v}`, { replace: true });

  return (
    <section>
      <p class="crumbs">
        <Link href={`${BASE}/screens`}>Screens</Link> /
      </p>
      <div class="title-row">
        <h1>{s.name ?? s.id}</h1>
        <StatusBadge status={status} />
      </div>
      <div class="summary" aria-live="polite">
        <progress max={1} value={progress} aria-label="Screen progress" />
        <span data-testid="progress-text">
          {percent(progress)} · {counts.done.toLocaleString('en')} of {counts.total.toLocaleString('en')}{' '}
          molecules · {counts.invalid} invalid · {counts.failed} failed
        </span>
      </div>
      <p class="muted">
        Models: {s.models.map((m) => `${m.name} ${m.version.slice(0, 12)}`).join(', ')} · submitted{' '}
        {dateTime(s.createdAt)} UTC{s.finishedAt ? ` · finished ${dateTime(s.finishedAt)} UTC` : ''}
      </p>
      {s.error && <ErrorNote>{s.error}</ErrorNote>}
      <div class="actions">
        <button
          type="button"
          onClick={() => download(`/screens/${s.id}/export?format=csv`, `${s.name ?? s.id}.csv`)}
        >
          Export CSV
        </button>
        <button
          type="button"
          onClick={() => download(`/screens/${s.id}/export?format=sdf`, `${s.name ?? s.id}.sdf`)}
        >
          Export SDF
        </button>
        <button type="button" onClick={() => openHtml(`/screens/${s.id}/report`)}>
          Open report
        </button>
        {running && (
          <button
            type="button"
            class="danger"
            onClick={async () => {
              await request(`/screens/${s.id}/cancel`, { method: 'POST' });
              reload();
            }}
          >
            Cancel screen
          </button>
        )}
      </div>
      <div role="tablist" aria-label="Screen views" class="tabs">
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-selected={view === v}
            aria-controls={`panel-${v}`}
            onClick={() => setView(v)}
          >
            {v === 'results' ? 'Results' : v === 'charts' ? 'Charts' : 'Compare'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
        {/* Remounted when the screen ends: best first once there are ranks, library order while running. */}
        {view === 'results' && (
          <ResultsTable key={String(running)} screen={s} done={!running} stored={counts.done} />
        )}
        {view === 'charts' && <ScreenCharts screen={s} />}
        {view === 'compare' && <CompareView screen={s} />}
      </div>
    </section>
  );
}

/** A row's drawing, or why the API did not draw it (invalid row, too large for lists, over the time budget). */
export interface Drawing {
  svg: string | null;
  error: string | null;
}

/** Drawings for the rows of a page, fetched in one request; cached per screen for the page's life. */
function useStructures(screenId: string, rows: number[]): Map<number, Drawing> {
  const [drawn, setDrawn] = useState(new Map<number, Drawing>());
  const wanted = rows.filter((r) => !drawn.has(r)).join(',');
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    getJson<StructurePage>(`/screens/${screenId}/structures?rows=${wanted}`, controller.signal).then(
      (page) =>
        setDrawn((old) => {
          const next = new Map(old);
          for (const item of page.items) next.set(item.row, { svg: item.svg, error: item.error ?? null });
          return next;
        }),
      () => undefined,
    );
    return () => controller.abort();
  }, [screenId, wanted]);
  return drawn;
}

export { useStructures };

/** `stored`: rows stored so far; while the screen runs, the page is read again as chunks arrive. */
function ResultsTable(props: { screen: Screen; done: boolean; stored: number }) {
  const { screen } = props;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [sort, setSort] = useState(props.done ? '-score' : 'row');
  const [filters, setFilters] = useState<string[]>([]);
  const [filterText, setFilterText] = useState('');
  const [filterError, setFilterError] = useState<string>();
  useSignal(comparison);
  const compared = comparedRows(screen.id);
  const results = useLoad(
    (signal) =>
      getJson<Page<ResultRow>>(
        `/screens/${screen.id}/results?${resultsQuery({ page, pageSize, sort, filters })}`,
        signal,
      ),
    [screen.id, page, pageSize, sort, filters.join('&'), props.done, props.done ? 0 : props.stored],
  );
  const rows = results.data?.items ?? [];
  const drawn = useStructures(
    screen.id,
    rows.map((r) => r.row),
  );
  const first = rows.find((r) => r.status === 'ok');
  // Score keys besides the row's own: the alert count, the share of models in domain, and the worst toxicity
  // probability when a toxicity model scored the screen (the API names every key of a screen in a 400).
  const keys = useMemo(() => {
    const toxic = first?.predictions.some((p) => /^(tox21|clintox)\./.test(p.key)) ?? false;
    return [...resultKeys(first), ...(toxic ? ['tox_max'] : []), 'alerts', 'in_domain'];
  }, [first?.row]);
  // One column per model: its first task, value ± ensemble spread.
  const modelKeys = screen.models
    .map((m) => first?.predictions.find((p) => p.key.startsWith(`${m.name}.`))?.key)
    .filter((k): k is string => k !== undefined);

  const toggle = (filter: string) => {
    setPage(1);
    setFilters(filters.includes(filter) ? filters.filter((f) => f !== filter) : [...filters, filter]);
  };
  const header = (key: string, label: string, numeric = true) => (
    <th scope="col" aria-sort={sortState(sort, key)} class={numeric ? 'numeric' : undefined} title={key}>
      <button
        type="button"
        class="sort"
        onClick={() => {
          setPage(1);
          setSort(nextSort(sort, key));
        }}
      >
        {label}
        <span aria-hidden="true">
          {sortState(sort, key) === 'ascending' ? ' ▲' : sortState(sort, key) === 'descending' ? ' ▼' : ''}
        </span>
      </button>
    </th>
  );

  return (
    <div>
      <div class="filters">
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseFilter(filterText);
            if ('error' in parsed) return setFilterError(parsed.error);
            setFilterError(undefined);
            setFilterText('');
            setPage(1);
            setFilters([...filters, parsed.filter]);
          }}
        >
          <label>
            Filter
            <input
              type="text"
              name="filter"
              list="result-keys"
              placeholder="qed>=0.5"
              value={filterText}
              onInput={(e) => setFilterText(e.currentTarget.value)}
            />
          </label>
          <datalist id="result-keys">
            {keys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <button type="submit">Add filter</button>
        </form>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.includes('alerts=none')}
            onChange={() => toggle('alerts=none')}
          />
          No alerts
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.includes('in_domain=true')}
            onChange={() => toggle('in_domain=true')}
          />
          In domain only
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.includes('status=ok')}
            onChange={() => toggle('status=ok')}
          />
          Valid only
        </label>
        <label>
          Sort by
          <select
            name="sort"
            value={sort.replace(/^-/, '')}
            onChange={(e) => {
              setPage(1);
              setSort(`${sort.startsWith('-') ? '-' : ''}${e.currentTarget.value}`);
            }}
          >
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          aria-label={
            sort.startsWith('-') ? 'Sorted descending; sort ascending' : 'Sorted ascending; sort descending'
          }
          onClick={() => setSort(sort.startsWith('-') ? sort.slice(1) : `-${sort}`)}
        >
          {sort.startsWith('-') ? '▼ desc' : '▲ asc'}
        </button>
      </div>
      {filterError && <ErrorNote>{filterError}</ErrorNote>}
      {filters.length > 0 && (
        <ul class="chips" aria-label="Active filters">
          {filters.map((f) => (
            <li key={f}>
              <code>{f}</code>
              <button type="button" aria-label={`Remove filter ${f}`} onClick={() => toggle(f)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {results.error && <ErrorNote>{results.error}</ErrorNote>}
      <p class="muted" aria-live="polite" data-testid="results-total">
        {results.data ? `${results.data.total.toLocaleString('en')} compounds` : 'Loading…'}
        {compared.length > 0 && ` · ${compared.length} of ${MAX_COMPARE} picked for comparison`}
      </p>
      <p class="hint">
        Predictions are the ensemble mean ± its spread (sd). <span class="ood-key">Shaded rows</span> have a
        prediction out of its model's applicability domain (no training molecule as similar): trust it less.
      </p>
      <div class="table-scroll">
        <table class="grid-table results" aria-busy={results.loading}>
          <caption class="sr-only">
            Results, {sort} first, page {page}
          </caption>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Structure</th>
              {header('row', 'Row')}
              <th scope="col">ID</th>
              {header('rank', 'Rank')}
              {header('score', 'Score')}
              {modelKeys.map((k) => header(k, shortKey(k)))}
              {header('qed', 'QED')}
              {header('mol_wt', 'MW')}
              {header('clogp', 'cLogP')}
              {header('tpsa', 'TPSA')}
              {header('in_domain', 'Domain', false)}
              {header('alerts', 'Alerts', false)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const ood = r.status === 'ok' && !inDomain(r);
              return (
                <tr key={r.row} class={`${ood ? 'ood' : ''} row-${r.status}`} data-row={r.row}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare ${r.id}`}
                      checked={compared.includes(r.row)}
                      disabled={!compared.includes(r.row) && compared.length >= MAX_COMPARE}
                      onChange={() => toggleCompared(screen.id, r.row)}
                    />
                  </td>
                  <td>
                    <Link href={`${BASE}/screens/${screen.id}/rows/${r.row}`}>
                      <Structure
                        svg={drawn.get(r.row)?.svg}
                        reason={drawn.get(r.row)?.error}
                        alt={`${r.id}: ${r.parentSmiles ?? r.input}`}
                        width={150}
                        height={110}
                      />
                    </Link>
                  </td>
                  <td class="numeric">{r.row}</td>
                  <td>
                    <Link href={`${BASE}/screens/${screen.id}/rows/${r.row}`}>{r.id}</Link>
                    {r.status !== 'ok' && (
                      <div class="row-error">
                        <span class={`badge status-${r.status}`}>{r.status}</span> {r.error}
                      </div>
                    )}
                  </td>
                  <td class="numeric">{r.rank ?? '–'}</td>
                  <td class="numeric score">{num(r.desirability, 3)}</td>
                  {modelKeys.map((k) => {
                    const p = prediction(r, k);
                    return (
                      <td key={k} class="numeric">
                        {p ? (
                          <>
                            {num(p.value)} <span class="muted">± {num(p.uncertainty)}</span>
                          </>
                        ) : (
                          '–'
                        )}
                      </td>
                    );
                  })}
                  <td class="numeric">{num(r.properties.qed as number)}</td>
                  <td class="numeric">{num(r.properties.mol_wt as number, 1)}</td>
                  <td class="numeric">{num(r.properties.clogp as number)}</td>
                  <td class="numeric">{num(r.properties.tpsa as number, 1)}</td>
                  <td>
                    {r.status !== 'ok' ? (
                      '–'
                    ) : ood ? (
                      <span
                        class="badge ood-badge"
                        title="The nearest training molecule is below the model's similarity threshold: treat the prediction with care"
                      >
                        out of domain: {outOfDomainModels(r).join(', ')}
                      </span>
                    ) : (
                      <span class="badge in-domain">in domain</span>
                    )}
                  </td>
                  <td>{r.alerts.length === 0 ? '–' : r.alerts.map((a) => a.name).join(', ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager
        label="Pages of results"
        page={page}
        pageSize={pageSize}
        total={results.data?.total ?? 0}
        onPage={setPage}
      >
        <label>
          Rows per page
          <select
            value={String(pageSize)}
            onChange={(e) => {
              setPage(1);
              setPageSize(Number(e.currentTarget.value));
            }}
          >
            {[10, 25, 50, 100].map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </Pager>
    </div>
  );
}

/** A prediction key short enough for a column header (`esol.log_solubility_mol_per_l` → `esol.log_solub…`). */
function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 14)}…` : key;
}

/** A property for a table: counts as integers, the rest with two decimals. */
function propertyValue(value: number): string {
  return Number.isInteger(value) ? String(value) : num(value);
}

/** Rows the charts draw: the first 2,000 valid rows in library order (an unbiased part of a large screen). */
const CHART_ROWS = 2000;

function ScreenCharts(props: { screen: Screen }) {
  const { screen } = props;
  const data = useLoad(
    async (signal) => {
      const rows: ResultRow[] = [];
      let total = 0;
      for (let page = 1; rows.length < CHART_ROWS; page++) {
        const got = await getJson<Page<ResultRow>>(
          `/screens/${screen.id}/results?${resultsQuery({ page, pageSize: 1000, sort: 'row', filters: ['status=ok'] })}`,
          signal,
        );
        rows.push(...got.items);
        total = got.total;
        if (got.items.length < 1000) break;
      }
      return { rows: rows.slice(0, CHART_ROWS), total };
    },
    [screen.id],
  );
  if (data.error) return <ErrorNote>{data.error}</ErrorNote>;
  if (!data.data) return <p aria-busy="true">Loading…</p>;
  const { rows, total } = data.data;
  const scores = rows.map((r) => r.desirability).filter((v): v is number => v !== null);
  const points = rows
    .filter((r) => typeof r.properties.mol_wt === 'number' && typeof r.properties.clogp === 'number')
    .map((r) => ({
      key: r.row,
      x: r.properties.mol_wt as number,
      y: r.properties.clogp as number,
      score: r.desirability,
      label: r.id,
    }));
  return (
    <div>
      <p class="muted">
        {rows.length < total
          ? `The first ${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')} valid compounds, in library order.`
          : `All ${total.toLocaleString('en')} valid compounds.`}
      </p>
      <div class="charts">
        <figure>
          <figcaption>Score distribution</figcaption>
          <ScoreHistogram scores={scores} title="Score distribution" />
        </figure>
        <figure>
          <figcaption>
            Property space: molecular weight against cLogP, coloured by score (click a point to open it)
          </figcaption>
          <Scatter
            points={points}
            xLabel="MW (g/mol)"
            yLabel="cLogP"
            title="Molecular weight against cLogP, coloured by score"
            onOpen={(row) => navigate(`${BASE}/screens/${screen.id}/rows/${row}`)}
          />
          <ScoreLegend />
        </figure>
      </div>
    </div>
  );
}

function CompareView(props: { screen: Screen }) {
  const { screen } = props;
  useSignal(comparison);
  const rows = comparedRows(screen.id);
  const compounds = useLoad(
    // The rows only: their explanations are the compound page's (and may be refused for a structure RDKit cannot
    // draw in time).
    (signal) => Promise.all(rows.map((r) => getResultRow(screen.id, r, signal))),
    [screen.id, rows.join(',')],
  );
  // Plain drawings side by side (the compound page shows the explanation's highlights, with their key).
  const drawn = useStructures(screen.id, rows);
  if (rows.length === 0)
    return (
      <p>
        Pick up to {MAX_COMPARE} compounds with the Compare boxes of the results table, or from a compound's
        page.
      </p>
    );
  if (compounds.error) return <ErrorNote>{compounds.error}</ErrorNote>;
  if (!compounds.data) return <p aria-busy="true">Loading…</p>;
  const list = compounds.data;
  const keys = [...new Set(list.flatMap((c) => c.predictions.map((p) => p.key)))];
  const props_ = ['qed', 'mol_wt', 'clogp', 'tpsa', 'hbd', 'hba', 'rot_bonds', 'lipinski_violations'];
  return (
    <div class="table-scroll">
      <table class="grid-table compare">
        <caption class="sr-only">Compounds side by side</caption>
        <thead>
          <tr>
            <th scope="col">Compound</th>
            {list.map((c) => (
              <th scope="col" key={c.row}>
                <Link href={`${BASE}/screens/${screen.id}/rows/${c.row}`}>{c.id}</Link>{' '}
                <button
                  type="button"
                  class="link-button"
                  aria-label={`Remove ${c.id} from the comparison`}
                  onClick={() => toggleCompared(screen.id, c.row)}
                >
                  remove
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Structure</th>
            {list.map((c) => (
              <td key={c.row}>
                <Structure
                  svg={drawn.get(c.row)?.svg}
                  reason={drawn.get(c.row)?.error}
                  alt={`${c.id}: ${c.parentSmiles ?? c.input}`}
                  width={220}
                  height={170}
                />
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Score (rank)</th>
            {list.map((c) => (
              <td key={c.row} class="numeric">
                {num(c.desirability, 3)} ({c.rank ?? '–'})
              </td>
            ))}
          </tr>
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              {list.map((c) => {
                const p = prediction(c, k);
                return (
                  <td key={c.row} class="numeric">
                    {p ? `${num(p.value)} ± ${num(p.uncertainty)}` : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
          {props_.map((k) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              {list.map((c) => (
                <td key={c.row} class="numeric">
                  {typeof c.properties[k] === 'number' ? propertyValue(c.properties[k] as number) : '–'}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">Domain</th>
            {list.map((c) => (
              <td key={c.row}>
                {inDomain(c) ? 'in domain' : `out of domain: ${outOfDomainModels(c).join(', ')}`}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Alerts</th>
            {list.map((c) => (
              <td key={c.row}>{c.alerts.map((a) => `${a.catalog}: ${a.name}`).join('; ') || '–'}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
