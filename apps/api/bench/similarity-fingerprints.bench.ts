// What the first GET /screens/:id/similar of a screen costs (ScreenFingerprints.build): one Morgan fingerprint per
// stored parent (parsed directly, as the service does), then a search. Run from the repository root:
//   npx esbuild apps/api/bench/similarity-fingerprints.bench.ts --bundle --platform=node --packages=external \
//     --outfile=scratch/similarity-bench.js && HITSCREEN_CHEM_DATA=libs/chem/data node scratch/similarity-bench.js 5000
// It reads the MUV library (../shared/datasets/library_muv.csv.gz; parents of these are close to their inputs).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  FingerprintLibrary,
  MORGAN_BITS,
  loadRDKit,
  morganFingerprint,
  parseStructure,
} from '@hitscreen/chem';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5000);
  const lines = gunzipSync(readFileSync('../shared/datasets/library_muv.csv.gz'))
    .toString('utf8')
    .split('\n');
  const column = lines[0].split(',').findIndex((h) => /smiles/i.test(h));
  const smiles = lines.slice(1, n + 1).map((line) => line.split(',')[column]);
  const rdkit = await loadRDKit();
  const started = performance.now();
  const library = new FingerprintLibrary(MORGAN_BITS);
  for (const [i, text] of smiles.entries()) {
    const parsed = parseStructure(rdkit, text);
    if ('error' in parsed) continue;
    try {
      library.add(String(i), morganFingerprint(parsed.mol));
    } finally {
      parsed.mol.delete();
    }
  }
  const built = performance.now();
  const query = parseStructure(rdkit, smiles[0]);
  if ('error' in query) throw new Error(query.error);
  const fingerprint = morganFingerprint(query.mol);
  query.mol.delete();
  const searchStart = performance.now();
  for (let i = 0; i < 10; i++) library.search(fingerprint, 13);
  const searched = performance.now();
  console.log(
    `${library.size} fingerprints in ${((built - started) / 1000).toFixed(2)} s ` +
      `(${((built - started) / library.size).toFixed(2)} ms each); one search ${((searched - searchStart) / 10).toFixed(1)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
