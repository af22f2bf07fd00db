import { useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Link } from '../components/link';
import { Structure } from '../components/structure';
import { getJson } from '../lib/api';
import { comparedRows, comparison, MAX_COMPARE, toggleCompared } from '../lib/compare';
import { num } from '../lib/format';
import { BASE, location, navigate } from '../lib/router';
import { useSignal } from '../lib/signal';
import type { Compound, Screen, SimilarPage } from '../lib/types';
import { useStructures } from './screen';

export function CompoundPage(props: { id: string; row: number }) {
  const { query } = useSignal(location);
  const model = query.get('model') ?? '';
  const screen = useLoad((signal) => getJson<Screen>(`/screens/${props.id}`, signal), [props.id]);
  const compound = useLoad(
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

  if (compound.error) return <ErrorNote>{compound.error}</ErrorNote>;
  if (!compound.data || !screen.data) return <p aria-busy="true">Loading…</p>;
  const c = compound.data;
  const e = c.explanation;
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
          {e ? (
            <figure>
              <Structure
                svg={e.svg}
                alt={`${c.id} with the atoms that drove ${e.model} ${e.task} highlighted`}
                width={420}
                height={320}
              />
              <figcaption>
                <label>
                  Explain with{' '}
                  <select
                    name="model"
                    value={e.model}
                    onChange={(ev) =>
                      navigate(`${BASE}/screens/${props.id}/rows/${c.row}?model=${ev.currentTarget.value}`, {
                        replace: true,
                      })
                    }
                  >
                    {screen.data.models.map((m) => (
                      <option key={m.name} value={m.name}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </label>{' '}
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
              </figcaption>
            </figure>
          ) : (
            <p>No explanation: the row is {c.status}.</p>
          )}
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
