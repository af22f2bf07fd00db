// What a model version is made of, byte for byte: every file of its directory with its SHA-256 and size.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ModelFile {
  /** Relative to the model directory, with `/` separators. */
  path: string;
  sha256: string;
  bytes: number;
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Every regular file under `dir` (hidden files and folders excepted), sorted by path, hashed. */
export async function hashModelFiles(dir: string): Promise<ModelFile[]> {
  const paths: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) paths.push(full);
    }
  };
  walk(dir);
  paths.sort();
  const files: ModelFile[] = [];
  for (const full of paths)
    files.push({
      path: relative(dir, full).split(sep).join('/'),
      sha256: await sha256Of(full),
      bytes: statSync(full).size,
    });
  return files;
}

/** One digest for the whole version: SHA-256 over `path  sha256  bytes` lines, so any change to any file shows. */
export function filesDigest(files: readonly ModelFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}  ${f.sha256}  ${f.bytes}\n`);
  return hash.digest('hex');
}

/** The differences between the recorded files and what `dir` holds now: empty when they are the same. */
export async function compareModelFiles(dir: string, recorded: readonly ModelFile[]): Promise<string[]> {
  if (!existsSync(dir)) return [`${dir} does not exist`];
  const now = new Map((await hashModelFiles(dir)).map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const f of recorded) {
    const current = now.get(f.path);
    if (!current) problems.push(`${f.path} is missing`);
    else if (current.sha256 !== f.sha256)
      problems.push(`${f.path} changed (SHA-256 ${current.sha256}, registered ${f.sha256})`);
    now.delete(f.path);
  }
  for (const path of now.keys()) problems.push(`${path} was not registered`);
  return problems;
}
