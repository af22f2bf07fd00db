import { useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Link } from '../components/link';
import { getJson, postBody } from '../lib/api';
import { dateTime } from '../lib/format';
import { BASE, navigate } from '../lib/router';
import { canWriteTrials, session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Page, Trial } from '../lib/types';

export function TrialsPage() {
  const user = useSignal(session);
  const trials = useLoad((signal) => getJson<Page<Trial>>('/trials?pageSize=100', signal), []);
  return (
    <section>
      <h1>Trials</h1>
      {trials.error && <ErrorNote>{trials.error}</ErrorNote>}
      {trials.data && trials.data.items.length === 0 && <p>No trials yet.</p>}
      {trials.data && trials.data.items.length > 0 && (
        <table class="grid-table">
          <caption class="sr-only">Your team's trials, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Trial</th>
              <th scope="col">Title</th>
              <th scope="col" class="numeric">
                Target
              </th>
              <th scope="col">As of</th>
              <th scope="col">Created (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {trials.data.items.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link href={`${BASE}/trials/${t.id}`}>{t.trialId}</Link>
                </td>
                <td>{t.title}</td>
                <td class="numeric">{t.targetEnrollment}</td>
                <td>{t.asOf}</td>
                <td>{dateTime(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWriteTrials(user) && <NewTrial />}
    </section>
  );
}

function NewTrial() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="new-trial">
      <h2 id="new-trial">New trial</h2>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          setBusy(true);
          try {
            const created = await postBody<Trial>('/trials', text, 'application/json');
            navigate(`${BASE}/trials/${created.id}`);
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          <span>
            Trial definition (JSON file, as <code>examples/trial/*.json</code>)
          </span>
          <input
            type="file"
            name="trial-file"
            accept=".json,application/json"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (file) setText(await file.text());
            }}
          />
        </label>
        <label>
          or paste it
          <textarea name="trial-json" rows={8} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''}>
          {busy ? 'Creating…' : 'Create trial'}
        </button>
        {error && <ErrorNote>{error}</ErrorNote>}
      </form>
    </section>
  );
}
