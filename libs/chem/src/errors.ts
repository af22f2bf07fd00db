/** A failure that belongs to one input record (bad SMILES, truncated SDF block...), never to the stream. */
export class RecordError extends Error {
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

/** A failure of a whole input (missing file, no SMILES column, nothing readable). */
export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}
