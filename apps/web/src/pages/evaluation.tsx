import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { ForecastChart, Funnel } from '../components/charts';
import { Link } from '../components/link';
import { Pager } from '../components/pager';
import { getJson, openHtml } from '../lib/api';
import { count, countValue, num, percent } from '../lib/format';
import { BASE } from '../lib/router';
import { canSeePatients, session } from '../lib/session';
import { useSignal } from '../lib/signal';
import type { Count, Evaluation, MonthsInterval, Page, PatientResult } from '../lib/types';

const months = (m: MonthsInterval) =>
  m.median === null ? 'not within the horizon' : `${m.median} (${m.low ?? '–'}–${m.high ?? '>horizon'})`;

/** The funnel's bars: a suppressed step is drawn at the last shown count (an upper bound), marked as such. */
function funnelSteps(start: Count, funnel: { label: string; remaining: Count }[]) {
  let shown = countValue(start) ?? 0;
  return funnel.map((s) => {
    const value = countValue(s.remaining);
    if (value !== null) shown = value;
    return {
      label: s.label,
      value: shown,
      suppressed: value === null,
      text: value === null ? 'suppressed' : count(value),
    };
  });
}

export function EvaluationPage(props: { id: string; eid: string }) {
  const user = useSignal(session);
  const evaluation = useLoad(
    (signal) => getJson<Evaluation>(`/trials/${props.id}/evaluations/${props.eid}`, signal),
    [props.id, props.eid],
  );
  const running =
    evaluation.data && (evaluation.data.status === 'queued' || evaluation.data.status === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(evaluation.reload, 1000);
    return () => clearTimeout(timer);
  });
  if (evaluation.error) return <ErrorNote>{evaluation.error}</ErrorNote>;
  if (!evaluation.data) return <p aria-busy="true">Loading…</p>;
  const e = evaluation.data;
  const r = e.result;
  return (
    <section>
      <p class="crumbs">
        <Link href={`${BASE}/trials`}>Trials</Link> /{' '}
        <Link href={`${BASE}/trials/${props.id}`}>{r?.trial.id ?? 'trial'}</Link> /
      </p>
      <div class="title-row">
        <h1>Evaluation{r ? `: ${r.trial.title}` : ''}</h1>
        <span class={`badge status-${e.status}`} data-testid="evaluation-status">
          {e.status}
        </span>
      </div>
      {e.error && <ErrorNote>{e.error}</ErrorNote>}
      {running && <p aria-live="polite">Evaluating the patients…</p>}
      {r && (
        <>
          <div class="actions">
            <button
              type="button"
              onClick={() => openHtml(`/trials/${props.id}/evaluations/${props.eid}/report`)}
            >
              Open report (printable)
            </button>
          </div>
          <p>
            {count(r.totals.patients)} patients · {count(r.totals.eligible)} eligible ·{' '}
            {count(r.totals.possiblyEligible)} possibly eligible · {num(r.totals.expectedEnrollees, 1)}{' '}
            expected enrollees against a target of {r.trial.targetEnrollment} · months to target:{' '}
            {months(r.totals.forecastMonths)} (reached in{' '}
            {percent(r.totals.forecastMonths.probabilityReached)} of simulations)
          </p>
          <h2>Ranked cohorts</h2>
          <div class="table-scroll">
            <table class="grid-table" data-testid="cohorts">
              <thead>
                <tr>
                  <th scope="col" class="numeric">
                    Rank
                  </th>
                  <th scope="col">Cohort</th>
                  <th scope="col" class="numeric">
                    Patients
                  </th>
                  <th scope="col" class="numeric">
                    Eligible
                  </th>
                  <th scope="col" class="numeric">
                    Possibly
                  </th>
                  <th scope="col" class="numeric">
                    Expected enrollees
                  </th>
                  <th scope="col" class="numeric">
                    Contribution
                  </th>
                  <th scope="col">Months alone to target (90 %)</th>
                </tr>
              </thead>
              <tbody>
                {[...r.cohorts]
                  .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))
                  .map((c) => (
                    <tr key={c.id}>
                      <td class="numeric">{c.rank ?? '–'}</td>
                      <td>{c.name}</td>
                      <td class="numeric">{count(c.patients)}</td>
                      <td class="numeric">{count(c.eligible)}</td>
                      <td class="numeric">{count(c.possiblyEligible)}</td>
                      <td class="numeric">{num(c.expectedEnrollees, 1)}</td>
                      <td class="numeric">{num(c.forecastContribution, 1)}</td>
                      <td>{months(c.forecastMonths)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <p class="hint">
            Counts from 1 to 10 show as "&lt;11"; a cell that would give one away shows "hidden".
          </p>
          <div class="charts">
            <figure>
              <figcaption>Eligibility funnel: patients remaining after each criterion</figcaption>
              <Funnel title="Eligibility funnel" steps={funnelSteps(r.totals.patients, r.totals.funnel)} />
              <p class="hint">
                A grey bar is suppressed: a count from 1 to 10, or a drop from the previous shown step from 1
                to 10. It is drawn at the previous shown count, an upper bound.
              </p>
            </figure>
            <figure>
              <figcaption>Enrolment forecast, all sites: median and 90 % interval</figcaption>
              <ForecastChart
                curve={r.forecast.total}
                target={r.trial.targetEnrollment}
                title="Enrolment forecast"
              />
              <p class="hint">{r.forecast.model}</p>
            </figure>
          </div>
          {canSeePatients(user) ? (
            <PatientList trialId={props.id} eid={props.eid} />
          ) : (
            <p class="hint">Patient-level results are shown to the clinical role only.</p>
          )}
        </>
      )}
    </section>
  );
}

const PATIENT_PAGE_SIZE = 25;

function PatientList(props: { trialId: string; eid: string }) {
  const [status, setStatus] = useState('eligible');
  const [page, setPage] = useState(1);
  const patients = useLoad(
    (signal) =>
      getJson<Page<PatientResult>>(
        `/trials/${props.trialId}/evaluations/${props.eid}/patients?status=${status}&page=${page}&pageSize=${PATIENT_PAGE_SIZE}`,
        signal,
      ),
    [status, page],
  );
  return (
    <section aria-labelledby="patients-title">
      <h2 id="patients-title">Patients (pseudonymous; every view is audited)</h2>
      <label>
        Status{' '}
        <select
          value={status}
          onChange={(e) => {
            setPage(1);
            setStatus(e.currentTarget.value);
          }}
        >
          <option value="eligible">eligible</option>
          <option value="possibly_eligible">possibly eligible</option>
          <option value="ineligible">ineligible</option>
        </select>
      </label>
      {patients.error && <ErrorNote>{patients.error}</ErrorNote>}
      {patients.data && (
        <table class="grid-table" data-testid="patients">
          <thead>
            <tr>
              <th scope="col">Pseudonym</th>
              <th scope="col">Cohort</th>
              <th scope="col">Status</th>
              <th scope="col">First failing criterion</th>
            </tr>
          </thead>
          <tbody>
            {patients.data.items.map((p) => (
              <tr key={p.pid}>
                <td>
                  <code>{p.pid.slice(0, 16)}</code>
                </td>
                <td>{p.cohort}</td>
                <td>{p.status.replace('_', ' ')}</td>
                <td>{p.firstFailing ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label="Pages of patients"
        page={page}
        pageSize={PATIENT_PAGE_SIZE}
        total={patients.data?.total ?? 0}
        onPage={setPage}
      />
    </section>
  );
}
