/**
 * A structure drawing from the API (RDKit SVG) shown as an image: a data: URL in an <img> cannot run script, so
 * the page never inserts server-made markup into its own document (the content security policy allows data:
 * images).
 */
export function Structure(props: {
  svg: string | null | undefined;
  /** Why there is no drawing (the API's reason), shown in place of it. */
  reason?: string | null;
  alt: string;
  width?: number;
  height?: number;
}) {
  if (!props.svg)
    return (
      <div
        class="structure structure-missing"
        style={{ width: props.width, height: props.height }}
        title={props.reason ?? undefined}
      >
        {props.reason ? `no structure: ${props.reason}` : 'no structure'}
      </div>
    );
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
