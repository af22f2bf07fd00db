/**
 * A structure drawing from the API (RDKit SVG) shown as an image: a data: URL in an <img> cannot run script, so
 * the page never inserts server-made markup into its own document (the content security policy allows data:
 * images).
 */
export function Structure(props: {
  svg: string | null | undefined;
  /** Why there is no drawing (the API's reason), shown in place of it. */
  reason?: string | null;
  /** What is missing, said before the reason: "no structure" unless told. */
  missing?: string;
  alt: string;
  width?: number;
  height?: number;
}) {
  if (!props.svg) {
    const missing = props.missing ?? 'no structure';
    return (
      <div
        class="structure structure-missing"
        style={{ width: px(props.width), height: px(props.height) }}
        title={props.reason ?? undefined}
      >
        {props.reason ? `${missing}: ${props.reason}` : missing}
      </div>
    );
  }
  return (
    <img
      class="structure"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.svg)}`}
      alt={props.alt}
      width={props.width}
      height={props.height}
    />
  );
}

/** A CSS length: Preact 11 sets style values as given, and the browser ignores a bare number. */
function px(value: number | undefined): string | undefined {
  return value === undefined ? undefined : `${value}px`;
}
