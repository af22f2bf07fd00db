import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Link } from '../components/link';
import { getJson, postBody, postJson } from '../lib/api';
import { count, dateTime } from '../lib/format';
import { BASE, navigate } from '../lib/router';
import { canWriteTrials, session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Evaluation, Page, PatientSet, Trial } from '../lib/types';

const SET_FINAL = new Set(['ready', 'failed']);
const EVALUATION_FINAL = new Set(['completed', 'failed']);
/** The newest patient sets and evaluations shown (the API pages both, newest first). */
const LISTED = 100;

export function TrialPage(props: { id: string }) {
  const user = useSignal(session);
  const trial = useLoad(
    (signal) => getJson<Trial & { definition: Record<string, unknown> }>(`/trials/${props.id}`, signal),
    [props.id],
  );
  const sets = useLoad(
    (signal) => getJson<Page<PatientSet>>(`/trials/${props.id}/patient-sets?pageSize=${LISTED}`, signal),
    [props.id],
  );
  const evaluationList = useLoad(
    (signal) => getJson<Page<Evaluation>>(`/trials/${props.id}/evaluations?pageSize=${LISTED}`, signal),
    [props.id],
  );
  const pendingSets = (sets.data?.items ?? []).some((s) => !SET_FINAL.has(s.status));
  const pendingEvaluations = (evaluationList.data?.items ?? []).some((e) => !EVALUATION_FINAL.has(e.status));
  // A set being ingested or an evaluation running: poll every second (the API answers Retry-After: 1) until final.
  useEffect(() => {
    if (!pendingSets && !pendingEvaluations) return;
    const timer = setTimeout(() => {
      if (pendingSets) sets.reload();
      if (pendingEvaluations) evaluationList.reload();
    }, 1000);
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
  const setItems = sets.data?.items ?? [];
  const setName = new Map(setItems.map((s) => [s.id, s.name]));

  async function evaluate(setId: string) {
    setError(undefined);
    try {
      const evaluation = await postJson<Evaluation>(`/trials/${t.id}/evaluations`, { patientSetId: setId });
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
      {sets.data && sets.data.total === 0 && <p>No patients uploaded yet.</p>}
      {sets.data && sets.data.total > setItems.length && (
        <p class="muted">
          The newest {setItems.length} of {sets.data.total} patient sets.
        </p>
      )}
      {setItems.length > 0 && (
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
            {setItems.map((s) => (
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
      <h2>Evaluations</h2>
      {evaluationList.error && <ErrorNote>{evaluationList.error}</ErrorNote>}
      {evaluationList.data && evaluationList.data.total === 0 && <p>No evaluation yet.</p>}
      {evaluationList.data && evaluationList.data.total > evaluationList.data.items.length && (
        <p class="muted">
          The newest {evaluationList.data.items.length} of {evaluationList.data.total} evaluations.
        </p>
      )}
      {evaluationList.data && evaluationList.data.items.length > 0 && (
        <table class="grid-table evaluations">
          <thead>
            <tr>
              <th scope="col">Started (UTC)</th>
              <th scope="col">Patient set</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {evaluationList.data.items.map((e) => (
              <tr key={e.id} data-evaluation={e.id}>
                <td>
                  <Link href={`${BASE}/trials/${t.id}/evaluations/${e.id}`}>{dateTime(e.createdAt)}</Link>
                </td>
                <td>{setName.get(e.patientSetId) ?? e.patientSetId}</td>
                <td>
                  <span class={`badge status-${e.status}`}>{e.status}</span>
                  {e.error && <div class="row-error">{e.error}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
