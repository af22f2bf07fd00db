import { useState } from 'preact/hooks';
import { ErrorNote, useLoad } from '../components/async';
import { Link } from '../components/link';
import { Pager } from '../components/pager';
import { getJson } from '../lib/api';
import { dateTime, percent } from '../lib/format';
import { BASE } from '../lib/router';
import type { Page, Screen } from '../lib/types';

const PAGE_SIZE = 20;

export function StatusBadge(props: { status: string }) {
  return <span class={`badge status-${props.status}`}>{props.status.replace(/_/g, ' ')}</span>;
}

export function ScreensPage() {
  const [page, setPage] = useState(1);
  const screens = useLoad(
    (signal) => getJson<Page<Screen>>(`/screens?page=${page}&pageSize=${PAGE_SIZE}`, signal),
    [page],
  );
  return (
    <section>
      <div class="title-row">
        <h1>Screens</h1>
        <Link href={`${BASE}/screens/new`} class="button">
          New screen
        </Link>
      </div>
      {screens.error && <ErrorNote>{screens.error}</ErrorNote>}
      {screens.data && screens.data.items.length === 0 && <p>No screens yet: submit a library.</p>}
      {screens.data && screens.data.items.length > 0 && (
        <table class="grid-table">
          <caption class="sr-only">Your screens and your team's, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col" class="numeric">
                Molecules
              </th>
              <th scope="col" class="numeric">
                Progress
              </th>
              <th scope="col">Models</th>
              <th scope="col">Submitted (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {screens.data.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`${BASE}/screens/${s.id}`}>{s.name ?? s.id}</Link>
                </td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td class="numeric">{s.counts.total.toLocaleString('en')}</td>
                <td class="numeric">{percent(s.progress)}</td>
                <td>{s.models.map((m) => m.name).join(', ')}</td>
                <td>{dateTime(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {screens.data && screens.data.total > PAGE_SIZE && (
        <Pager
          label="Pages of screens"
          page={page}
          pageSize={PAGE_SIZE}
          total={screens.data.total}
          onPage={setPage}
        />
      )}
    </section>
  );
}
