import { useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { getJson, postForm, postJson } from '../lib/api';
import { BASE, navigate } from '../lib/router';
import type { ModelSummary, Screen } from '../lib/types';

const ACCEPT = '.smi,.smiles,.txt,.csv,.tsv,.sdf,.sd,.mol,.gz';

/** Pasted text: one structure per line, `SMILES [id]` as in a .smi file. */
function pastedMolecules(text: string): { id?: string; smiles: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [smiles, ...rest] = line.split(/\s+/);
      return rest.length > 0 ? { smiles, id: rest.join(' ') } : { smiles };
    });
}

export function NewScreenPage() {
  const catalog = useLoad(
    (signal) => getJson<{ items: ModelSummary[]; defaultWeights: Record<string, number> }>('/models', signal),
    [],
  );
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [weights, setWeights] = useState<Record<string, string>>({});
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const models = catalog.data?.items ?? [];
  const selected = chosen ?? new Set(models.map((m) => m.name));
  const defaults = catalog.data?.defaultWeights ?? {};

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    if (!file && pasted.trim() === '') return setError('Drop or choose a file, or paste SMILES.');
    if (selected.size === 0) return setError('Choose at least one model.');
    const weightValues: Record<string, number> = {};
    for (const [key, text] of Object.entries(weights)) {
      if (text.trim() === '') continue;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) return setError(`Weight of ${key} must be a number ≥ 0.`);
      weightValues[key] = value;
    }
    const options = {
      ...(name.trim() ? { name: name.trim() } : {}),
      models: [...selected],
      ...(Object.keys(weightValues).length > 0 ? { weights: weightValues } : {}),
    };
    setBusy(true);
    try {
      let screen: Screen;
      if (file) {
        const form = new FormData();
        form.append('options', JSON.stringify({ name: file.name, ...options }));
        form.append('file', file, file.name);
        screen = await postForm<Screen>('/screens', form);
      } else {
        screen = await postJson<Screen>('/screens', { molecules: pastedMolecules(pasted), options });
      }
      navigate(`${BASE}/screens/${screen.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>New screen</h1>
      <form class="stack" onSubmit={submit}>
        <label>
          Name
          <input type="text" name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>Library</legend>
          <div
            class={`drop ${dragging ? 'dragging' : ''}`}
            data-testid="drop-zone"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              const dropped = e.dataTransfer?.files[0];
              if (dropped) setFile(dropped);
            }}
          >
            <p>Drop a SMILES, CSV/TSV or SDF file here (gzip too), or</p>
            <label class="file-label">
              choose a file
              <input
                type="file"
                name="file"
                accept={ACCEPT}
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              />
            </label>
            {file && (
              <p class="chosen">
                {file.name} ({(file.size / 1024).toFixed(1)} KiB){' '}
                <button type="button" class="link-button" onClick={() => setFile(null)}>
                  remove
                </button>
              </p>
            )}
          </div>
          <label>
            <span>
              or paste SMILES, one per line (<code>SMILES id</code>)
            </span>
            <textarea
              name="smiles"
              rows={6}
              value={pasted}
              disabled={file !== null}
              onInput={(e) => setPasted(e.currentTarget.value)}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Models</legend>
          {catalog.error && <ErrorNote>{catalog.error}</ErrorNote>}
          <div class="checks">
            {models.map((m) => (
              <label key={m.name} class="check">
                <input
                  type="checkbox"
                  name="model"
                  value={m.name}
                  checked={selected.has(m.name)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.currentTarget.checked) next.add(m.name);
                    else next.delete(m.name);
                    setChosen(next);
                  }}
                />
                <span>
                  <strong>{m.name}</strong> — {m.tasks.map((t) => t.name).join(', ')}{' '}
                  <span class="muted">
                    ({m.headline.name} {m.headline.value.toFixed(3)})
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Desirability weights</legend>
          <p class="hint">
            Empty keeps the default; 0 drops the term. A term of a model that is not chosen is refused by the
            API.
          </p>
          <div class="weights">
            {Object.entries(defaults).map(([key, value]) => (
              <label key={key}>
                {key}
                <input
                  type="number"
                  min="0"
                  step="0.25"
                  name={`weight-${key}`}
                  placeholder={String(value)}
                  value={weights[key] ?? ''}
                  onInput={(e) => setWeights({ ...weights, [key]: e.currentTarget.value })}
                />
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? 'Submitting…' : 'Submit screen'}
        </button>
        {error && <ErrorNote>{error}</ErrorNote>}
      </form>
    </section>
  );
}
