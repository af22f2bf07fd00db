// A registered model version's files, read and checked against the SHA-256 the registry recorded for them. The
// loader builds its sessions from these very bytes, so what was checked is what scores: a file swapped between the
// check and the load cannot slip in.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One file of a registered version, as the registry records it (`@hitscreen/model-registry` ModelFile). */
export interface RegisteredModelFile {
  /** Relative to the model directory, with `/` separators. */
  path: string;
  sha256: string;
  bytes: number;
}

/** A file of a registered version is missing or is not the registered one: nothing is scored with it. */
export class ModelFileMismatchError extends Error {
  constructor(
    readonly model: string,
    readonly version: string,
    /** The file's path in the model directory. */
    readonly file: string,
    problem: string,
  ) {
    super(`model ${model} ${version}: ${file} ${problem}`);
    this.name = 'ModelFileMismatchError';
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads every registered file of the version in `dir` and checks its size and SHA-256; returns the bytes by path.
 * Throws ModelFileMismatchError naming the first file that is missing or differs (with both hashes). Files in
 * `dir` that were not registered are not read: the loader only reads registered ones.
 */
export function readRegisteredFiles(
  model: { name: string; version: string; dir: string },
  files: readonly RegisteredModelFile[],
): Map<string, Buffer> {
  const bytes = new Map<string, Buffer>();
  for (const file of files) {
    const path = join(model.dir, file.path);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (error) {
      throw new ModelFileMismatchError(
        model.name,
        model.version,
        path,
        `cannot be read: ${(error as Error).message}`,
      );
    }
    const digest = sha256(content);
    if (digest !== file.sha256 || content.length !== file.bytes)
      throw new ModelFileMismatchError(
        model.name,
        model.version,
        path,
        `is not the registered file (SHA-256 ${digest}, ${content.length} bytes; registered ${file.sha256}, ` +
          `${file.bytes} bytes): refusing to score with it`,
      );
    bytes.set(file.path, content);
  }
  return bytes;
}
