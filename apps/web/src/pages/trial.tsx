import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Link } from '../components/link';
import { getJson, postBody, postJson } from '../lib/api';
import { count, dateTime } from '../lib/format';
import { BASE, navigate } from '../lib/router';
import { canWriteTrials, session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Evaluation, PatientSet, Trial } from '../lib/types';

const SET_FINAL = new Set(['ready', 'failed']);

/** Evaluations started from this tab, per trial (the API lists a trial's patient sets, not its evaluations). */
export function rememberedEvaluations(trialId: string): { id: string; createdAt: string }[] {
  try {
    return JSON.parse(sessionStorage.getItem(`hitscreen.evaluations.${trialId}`) ?? '[]') as {
      id: string;
      createdAt: string;
    }[];
  } catch {
    return [];
  }
}

function remember(trialId: string, evaluation: Evaluation): void {
  const list = [{ id: evaluation.id, createdAt: evaluation.createdAt }, ...rememberedEvaluations(trialId)];
  sessionStorage.setItem(`hitscreen.evaluations.${trialId}`, JSON.stringify(list.slice(0, 20)));
}

export function TrialPage(props: { id: string }) {
  const user = useSignal(session);
  const trial = useLoad(
    (signal) => getJson<Trial & { definition: Record<string, unknown> }>(`/trials/${props.id}`, signal),
    [props.id],
  );
  const sets = useLoad(
    (signal) => getJson<PatientSet[]>(`/trials/${props.id}/patient-sets`, signal),
    [props.id],
  );
  const pending = (sets.data ?? []).some((s) => !SET_FINAL.has(s.status));
  // A set being ingested: poll every second (the API answers Retry-After: 1) until it is ready or failed.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(sets.reload, 1000);
    return () => clearTimeout(timer);
  });
  const [file, setFile] = useState<File | null>(null);
  // Bumped after an upload so that the file input is emptied too.
  const [inputKey, setInputKey] = useState(0);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (trial.error) return <ErrorNote>{trial.error}</ErrorNote>;
  if (!trial.data) return <p aria-busy="true">Loading…</p>;
  const t = trial.data;
  const def = t.definition as {
    inclusion?: unknown[];
    exclusion?: unknown[];
    sites?: { id: string; name?: string }[];
  };
  const evaluations = rememberedEvaluations(t.id);

  async function evaluate(setId: string) {
    setError(undefined);
    try {
      const evaluation = await postJson<Evaluation>(`/trials/${t.id}/evaluations`, { patientSetId: setId });
      remember(t.id, evaluation);
      navigate(`${BASE}/trials/${t.id}/evaluations/${evaluation.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <section>
      <p class="crumbs">
        <Link href={`${BASE}/trials`}>Trials</Link> /
      </p>
      <h1>
        {t.trialId} <span class="muted">{t.title}</span>
      </h1>
      <p>
        Target {t.targetEnrollment} · as of {t.asOf} · {def.inclusion?.length ?? 0} inclusion and{' '}
        {def.exclusion?.length ?? 0} exclusion criteria · sites:{' '}
        {(def.sites ?? []).map((s) => s.name ?? s.id).join(', ')}
      </p>
      <h2>Patient sets</h2>
      {sets.error && <ErrorNote>{sets.error}</ErrorNote>}
      {sets.data && sets.data.length === 0 && <p>No patients uploaded yet.</p>}
      {sets.data && sets.data.length > 0 && (
        <table class="grid-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col" class="numeric">
                Patients
              </th>
              <th scope="col" class="numeric">
                Skipped
              </th>
              <th scope="col">Uploaded (UTC)</th>
              <th scope="col">Evaluate</th>
            </tr>
          </thead>
          <tbody>
            {sets.data.map((s) => (
              <tr key={s.id} data-set={s.id}>
                <td>{s.name}</td>
                <td>
                  <span class={`badge status-${s.status}`}>{s.status}</span>
                  {s.error && <div class="row-error">{s.error}</div>}
                </td>
                <td class="numeric">{count(s.patients)}</td>
                <td
                  class="numeric"
                  title={s.issues
                    .slice(0, 5)
                    .map((i) => i.reason)
                    .join('\n')}
                >
                  {s.skipped}
                </td>
                <td>{dateTime(s.createdAt)}</td>
                <td>
                  {canWriteTrials(user) && s.status === 'ready' && (
                    <button type="button" onClick={() => evaluate(s.id)}>
                      Run evaluation
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWriteTrials(user) && (
        <form
          class="inline upload"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!file) return setError('Choose a FHIR NDJSON or Bundle file.');
            setError(undefined);
            setBusy(true);
            try {
              const type =
                /\.json(\.gz)?$/i.test(file.name) && !/ndjson/i.test(file.name)
                  ? 'application/fhir+json'
                  : 'application/fhir+ndjson';
              await postBody(
                `/trials/${t.id}/patients?filename=${encodeURIComponent(file.name)}`,
                file,
                /\.gz$/i.test(file.name) ? 'application/gzip' : type,
              );
              setFile(null);
              setInputKey((k) => k + 1);
              sets.reload();
            } catch (failure) {
              setError(failure instanceof Error ? failure.message : String(failure));
            } finally {
              setBusy(false);
            }
          }}
        >
          <label>
            Upload patients (FHIR NDJSON or a Bundle, gzip too)
            <input
              key={inputKey}
              type="file"
              name="patients"
              accept=".ndjson,.json,.gz,application/fhir+json"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" disabled={busy || !file}>
            {busy ? 'Uploading…' : 'Upload'}
          </button>
        </form>
      )}
      {error && <ErrorNote>{error}</ErrorNote>}
      {evaluations.length > 0 && (
        <>
          <h2>Evaluations from this session</h2>
          <ul>
            {evaluations.map((e) => (
              <li key={e.id}>
                <Link href={`${BASE}/trials/${t.id}/evaluations/${e.id}`}>{dateTime(e.createdAt)} UTC</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
