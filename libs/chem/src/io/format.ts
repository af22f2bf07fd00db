import { InputError } from '../errors';

/** The file kinds the readers understand. TSV is CSV with a tab delimiter. */
export type InputFormat = 'smiles' | 'csv' | 'tsv' | 'sdf';

/** The file kinds the writers produce. */
export type OutputFormat = 'csv' | 'tsv' | 'sdf';

export const INPUT_FORMATS: readonly InputFormat[] = ['smiles', 'csv', 'tsv', 'sdf'];

// Extension → format. Kept as a table so the "unknown extension" message can list what is accepted.
const INPUT_EXTENSIONS: Record<string, InputFormat> = {
  '.smi': 'smiles',
  '.smiles': 'smiles',
  '.txt': 'smiles',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.sdf': 'sdf',
  '.sd': 'sdf',
  '.mol': 'sdf',
};

const OUTPUT_EXTENSIONS: Record<string, OutputFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.sdf': 'sdf',
  '.sd': 'sdf',
};

/** True when the path names gzip data (`.gz`, any case). */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** The lower-cased extension that decides the format: `library.SDF.gz` → `.sdf`. */
function formatExtension(path: string): string {
  const name = path.replace(/\.gz$/i, '');
  const match = /(\.[^./\\]+)$/.exec(name);
  return match ? match[1].toLowerCase() : '';
}

/** The input format implied by the file name (after stripping `.gz`); InputError when the extension is unknown. */
export function detectInputFormat(path: string): InputFormat {
  const format = INPUT_EXTENSIONS[formatExtension(path)];
  if (format) return format;
  const accepted = Object.keys(INPUT_EXTENSIONS).join(', ');
  throw new InputError(
    `cannot tell the format of "${path}" from its extension; use one of ${accepted} (optionally .gz) or pass the format option`,
  );
}

/** The output format implied by the file name (after stripping `.gz`); InputError when the extension is unknown. */
export function detectOutputFormat(path: string): OutputFormat {
  const format = OUTPUT_EXTENSIONS[formatExtension(path)];
  if (format) return format;
  const accepted = Object.keys(OUTPUT_EXTENSIONS).join(', ');
  throw new InputError(
    `cannot tell the output format of "${path}" from its extension; use one of ${accepted} (optionally .gz)`,
  );
}

/** Validates a format given by a caller (CLI flag, API field) so a typo fails early with the accepted list. */
export function checkInputFormat(format: string): InputFormat {
  if ((INPUT_FORMATS as readonly string[]).includes(format)) return format as InputFormat;
  throw new InputError(`unknown input format "${format}"; use one of ${INPUT_FORMATS.join(', ')}`);
}
