import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { generatePatientBundles, type GeneratorOptions } from './generate-patients';

/**
 * Writes a generated population: `<out>.ndjson` → one Bundle per line (streamed, constant memory); anything else
 * → a folder of `patient-<n>.json` files. Returns the number of resources written.
 */
export async function writeSyntheticPatients(
  out: string,
  options: GeneratorOptions,
): Promise<{ patients: number; resources: number }> {
  let resources = 0;
  if (/\.(ndjson|jsonl)$/.test(out)) {
    await mkdir(dirname(out), { recursive: true });
    const stream = createWriteStream(out);
    for (const bundle of generatePatientBundles(options)) {
      resources += 1 + (bundle.entry as unknown[]).length;
      if (!stream.write(`${JSON.stringify(bundle)}\n`)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
  } else {
    await mkdir(out, { recursive: true });
    let n = 0;
    for (const bundle of generatePatientBundles(options)) {
      resources += 1 + (bundle.entry as unknown[]).length;
      await writeFile(join(out, `patient-${String(n++).padStart(6, '0')}.json`), JSON.stringify(bundle));
    }
  }
  return { patients: options.count, resources };
}
