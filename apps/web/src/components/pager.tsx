import type { ComponentChildren } from 'preact';

/**
 * Previous / "Page n of m" / Next for a list the API pages (`total` items, `pageSize` a page; at least one page);
 * `children` go after it (the results' page size). `label` names the list for screen readers ("Pages of results").
 */
export function Pager(props: {
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
  children?: ComponentChildren;
}) {
  const { page, onPage } = props;
  const last = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {last}
      </span>
      <button type="button" disabled={page >= last} onClick={() => onPage(page + 1)}>
        Next
      </button>
      {props.children}
    </nav>
  );
}
