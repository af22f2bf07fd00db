import { useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Link } from '../components/link';
import { Structure } from '../components/structure';
import { getJson } from '../lib/api';
import { comparedRows, comparison, MAX_COMPARE, toggleCompared } from '../lib/compare';
import { num } from '../lib/format';
import { getResultRow } from '../lib/result-row';
import { BASE, location, navigate } from '../lib/router';
import { useSignal } from '../lib/signal';
import type { Compound, Explanation, ResultRow, Screen, SimilarPage } from '../lib/types';
import { useStructures } from './screen';

export function CompoundPage(props: { id: string; row: number }) {
  const { query } = useSignal(location);
  const model = query.get('model') ?? '';
  const screen = useLoad((signal) => getJson<Screen>(`/screens/${props.id}`, signal), [props.id]);
  // The row and its explanation are read apart, so that an explanation the API refuses (422: not drawn within
  // its time budget) takes only the drawing's place, not the row's predictions, properties and alerts with it.
  const row = useLoad((signal) => getResultRow(props.id, props.row, signal), [props.id, props.row]);
  const explained = useLoad(
    (signal) =>
      getJson<Compound>(
        `/screens/${props.id}/results/${props.row}${model ? `?model=${encodeURIComponent(model)}` : ''}`,
        signal,
      ),
    [props.id, props.row, model],
  );
  useSignal(comparison);
  const compared = comparedRows(props.id);
  const [similar, setSimilar] = useState(false);

  if (row.error) return <ErrorNote>{row.error}</ErrorNote>;
  if (!row.data || !screen.data) return <p aria-busy="true">Loading…</p>;
  const c = row.data;
  const picked = compared.includes(c.row);
  return (
    <section>
      <p class="crumbs">
        <Link href={`${BASE}/screens`}>Screens</Link> /{' '}
        <Link href={`${BASE}/screens/${props.id}`}>{screen.data.name ?? props.id}</Link> /
      </p>
      <div class="title-row">
        <h1>
          {c.id} <span class="muted">row {c.row}</span>
        </h1>
        <span class={`badge status-${c.status}`}>{c.status}</span>
      </div>
      {c.error && <ErrorNote>{c.error}</ErrorNote>}
      <div class="actions">
        <button
          type="button"
          disabled={!picked && compared.length >= MAX_COMPARE}
          onClick={() => toggleCompared(props.id, c.row)}
        >
          {picked ? 'Remove from comparison' : `Add to comparison (${compared.length}/${MAX_COMPARE})`}
        </button>
        <Link href={`${BASE}/screens/${props.id}?view=compare`} class="button secondary">
          Compare
        </Link>
        {c.status === 'ok' && (
          <button type="button" onClick={() => setSimilar(true)} disabled={similar}>
            Find similar in this screen
          </button>
        )}
      </div>
      <div class="compound">
        <div>
          <ExplanationFigure
            row={c}
            models={screen.data.models.map((m) => m.name)}
            model={model || explained.data?.explanation?.model || screen.data.models[0]?.name}
            // While another model's explanation is computed, the box says so rather than showing the last one.
            explanation={explained.loading ? undefined : explained.data?.explanation}
            refused={explained.loading ? undefined : explained.error}
            onModel={(name) =>
              navigate(`${BASE}/screens/${props.id}/rows/${c.row}?model=${encodeURIComponent(name)}`, {
                replace: true,
              })
            }
          />
          <p class="smiles">
            <span class="muted">Parent</span> <code>{c.parentSmiles ?? '–'}</code>
            <br />
            <span class="muted">Input</span> <code>{c.input}</code>
            <br />
            <span class="muted">InChIKey</span> <code>{c.inchikey ?? '–'}</code>
          </p>
        </div>
        <div>
          <h2>Score</h2>
          <p class="big">
            {num(c.desirability, 3)} <span class="muted">rank {c.rank ?? '–'}</span>
          </p>
          <h2>Predictions</h2>
          <table class="grid-table">
            <thead>
              <tr>
                <th scope="col">Model.task</th>
                <th scope="col" class="numeric">
                  Value ± sd
                </th>
                <th scope="col">Domain</th>
              </tr>
            </thead>
            <tbody>
              {c.predictions.map((p) => {
                const d = c.domain.find((x) => p.key.startsWith(`${x.model}.`));
                return (
                  <tr key={p.key} class={d && !d.inDomain ? 'ood' : ''}>
                    <th scope="row">{p.key}</th>
                    <td class="numeric">
                      {num(p.value)} ± {num(p.uncertainty)}
                      {p.active !== undefined && (p.active ? ' (active)' : '')}
                    </td>
                    <td>
                      {d
                        ? `${d.inDomain ? 'in domain' : 'OUT of domain'} (nearest ${num(d.maxSimilarity)})`
                        : '–'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>Alerts</h2>
          {c.alerts.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {c.alerts.map((a, i) => (
                <li key={i}>
                  {a.catalog}: {a.name} <span class="muted">(atoms {a.atoms.join(', ')})</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Properties</h2>
          <dl class="properties">
            {Object.entries(c.properties).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 2) : String(v)}</dd>
              </div>
            ))}
          </dl>
        </div>
      </div>
      {similar && <SimilarList screenId={props.id} row={c.row} />}
    </section>
  );
}

/**
 * The explanation's drawing with its key and the model choice; while it is computed, a box that says so; when the
 * API refused it (not drawn within its time budget, or a model that did not score the screen), the API's reason in
 * place of the drawing, with the model choice kept.
 */
function ExplanationFigure(props: {
  row: ResultRow;
  models: string[];
  model: string | undefined;
  explanation: Explanation | null | undefined;
  refused: string | undefined;
  onModel(name: string): void;
}) {
  const { row, explanation: e } = props;
  if (row.status !== 'ok') return <p>No explanation: the row is {row.status}.</p>;
  return (
    <figure>
      {e ? (
        <Structure
          svg={e.svg}
          alt={`${row.id} with the atoms that drove ${e.model} ${e.task} highlighted`}
          width={420}
          height={320}
        />
      ) : props.refused ? (
        <Structure
          svg={null}
          missing="no explanation"
          reason={props.refused}
          alt={row.id}
          width={420}
          height={320}
        />
      ) : (
        <div class="structure structure-missing" style={{ width: '420px', height: '320px' }} aria-busy="true">
          Explaining…
        </div>
      )}
      <figcaption>
        <label>
          Explain with{' '}
          <select name="model" value={props.model} onChange={(ev) => props.onModel(ev.currentTarget.value)}>
            {props.models.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {e && (
          <>
            {' '}
            {e.task}: {num(e.prediction)}
            <ul class="key">
              <li>
                <span class="swatch" style={{ background: e.colors.driving }} /> atoms that drove the
                prediction
              </li>
              <li>
                <span class="swatch" style={{ background: e.colors.alert }} /> structural alert
              </li>
              <li>
                <span class="swatch" style={{ background: e.colors.both }} /> both
              </li>
            </ul>
          </>
        )}
      </figcaption>
    </figure>
  );
}

function SimilarList(props: { screenId: string; row: number }) {
  const found = useLoad(
    (signal) => getJson<SimilarPage>(`/screens/${props.screenId}/similar?row=${props.row}&k=12`, signal),
    [props.screenId, props.row],
  );
  const drawn = useStructures(
    props.screenId,
    (found.data?.hits ?? []).map((h) => h.result.row),
  );
  return (
    <section aria-labelledby="similar-title">
      <h2 id="similar-title">Most similar compounds of this screen</h2>
      {found.error && <ErrorNote>{found.error}</ErrorNote>}
      {!found.data && !found.error && <p aria-busy="true">Searching…</p>}
      {found.data && (
        <>
          <p class="muted">
            Tanimoto on Morgan fingerprints (radius 2, 2048 bits) over{' '}
            {found.data.searched.toLocaleString('en')} compounds.
          </p>
          <ol class="cards" data-testid="similar-hits">
            {found.data.hits.map((h) => (
              <li key={h.result.row}>
                <Link href={`${BASE}/screens/${props.screenId}/rows/${h.result.row}`}>
                  <Structure
                    svg={drawn.get(h.result.row)?.svg}
                    reason={drawn.get(h.result.row)?.error}
                    alt={h.result.id}
                    width={180}
                    height={130}
                  />
                  <span>
                    {h.result.id} · Tanimoto {num(h.similarity)} · score {num(h.result.desirability, 3)}
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
