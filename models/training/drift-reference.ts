// `npm run drift:reference [model…]`: writes models/<model>/training-properties.json, the training distribution
// that drift monitoring (libs/drift) compares libraries with. For each model: its card's training file from the
// shared data sets (as featurize:datasets reads it), every molecule measured as a screen measures it (properties
// of the structure as given; Morgan fingerprint of the standardized parent), the training split recovered from the
// model's own train-morgan.u8 (see alignTrainingRows), decile bins per property over the training molecules, and
// the out-of-domain rate of the held-out (validation + test) molecules against the training fingerprints.
// Usage: node dist/models/drift-reference.js [model…] [--datasets DIR] [--held-out-csv DIR]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { featurizeRecord, loadRDKit, rdkitNeedsReload, readRecords, type InputRecord } from '@hitscreen/chem';
import { listModels, loadModel, releaseModels, scoreFeatures, type ModelCard } from '@hitscreen/models';
import {
  alignTrainingRows,
  assessDrift,
  buildPropertyReference,
  countMolecule,
  domainOf,
  DRIFT_PROPERTY_NAMES,
  emptyCounts,
  measureRecord,
  REFERENCE_FILE,
  REFERENCE_FORMAT,
  type TrainingReference,
} from '@hitscreen/drift';
import { DATASETS } from './datasets';

interface Measured {
  record: InputRecord;
  row: number;
  smiles: string;
  properties: Record<string, number>;
  fingerprint: Uint8Array;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function writeReference(dir: string, card: ModelCard, datasetsDir: string, heldOutDir?: string) {
  const spec = DATASETS.find((d) => d.file === card.trainingData.file);
  if (!spec) throw new Error(`${card.name}: training file ${card.trainingData.file} is no known data set`);
  const source = join(datasetsDir, spec.file);
  const sha256 = createHash('sha256').update(readFileSync(source)).digest('hex');
  if (sha256 !== card.trainingData.sha256)
    throw new Error(`${source}: SHA-256 ${sha256} differs from the card's ${card.trainingData.sha256}`);

  let rdkit = await loadRDKit();
  const molecules: Measured[] = [];
  let rows = 0;
  for await (const record of readRecords(source, { smilesColumn: 'smiles', idColumn: spec.idColumn })) {
    rows++;
    if (rdkitNeedsReload()) rdkit = await loadRDKit();
    const measured = measureRecord(rdkit, record);
    // a record the featurizer skipped is in neither split (featurize-datasets.ts skips the same ones)
    if ('error' in measured) continue;
    molecules.push({ record, row: record.record, smiles: record.structure, ...measured });
  }

  const domain = domainOf(dir, card);
  const isTraining = alignTrainingRows(
    molecules.map((m) => m.fingerprint),
    readFileSync(join(dir, card.domain.fingerprints ?? 'train-morgan.u8')),
  );
  const training = molecules.filter((_, i) => isTraining[i]);
  const heldOut = molecules.filter((_, i) => !isTraining[i]);
  const outOfDomain = heldOut.filter((m) => !domain.assess(m.fingerprint).inDomain).length;
  const predictions = await heldOutPredictions(dir, card, heldOut);

  const reference: TrainingReference = {
    format: REFERENCE_FORMAT,
    model: card.name,
    modelVersion: card.version,
    dataset: { file: spec.file, rows, sha256, citation: card.trainingData.citation ?? spec.citation },
    training: { molecules: training.length },
    heldOut: {
      molecules: heldOut.length,
      outOfDomain,
      outOfDomainRate: Number((outOfDomain / Math.max(heldOut.length, 1)).toFixed(4)),
    },
    domainThreshold: domain.threshold,
    properties: DRIFT_PROPERTY_NAMES.map((name) =>
      buildPropertyReference(
        name,
        training.map((m) => m.properties[name]).filter((v) => v !== undefined),
      ),
    ),
    predictions: card.tasks.map((t) => {
      const key = `${card.name}.${t.name}`;
      return buildPropertyReference(key, predictions.get(key) ?? []);
    }),
    generated: {
      by: 'npm run drift:reference',
      at: new Date().toISOString().slice(0, 10),
      how:
        'Every row of the training file measured as a screen measures it (properties of the structure as given; ' +
        'Morgan r2 2048 fingerprint of the standardized parent). Training molecules: the rows whose fingerprints ' +
        "are train-morgan.u8's, in order (the scaffold split's train part). Bin edges: the training values at the " +
        '10th…90th percentiles (inverse empirical CDF, 4 digits, repeats merged). heldOut: the other rows ' +
        "(validation + test of the split), out of domain when their max Tanimoto to train-morgan.u8 is below the card's threshold; " +
        'predictions: the ensemble means of the held-out molecules (the model scoring their parents), binned at their own deciles.',
    },
  };
  // number lists on one line each: the file stays readable (and diffable) per property
  const json = JSON.stringify(reference, null, 2).replace(
    /\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g,
    (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`,
  );
  writeFileSync(join(dir, REFERENCE_FILE), `${json}\n`);

  // what an unshifted library scores: the held-out molecules against the reference just written
  const counts = emptyCounts(reference);
  for (const m of heldOut)
    countMolecule(reference, counts, m.properties, domain.assess(m.fingerprint).inDomain);
  const check = assessDrift(reference, counts);
  const psi = check.properties.map((p) => `${p.name} ${p.psi.toFixed(3)}`).join(', ');
  console.log(
    `${card.name}: ${training.length} training, ${heldOut.length} held out (out of domain ${outOfDomain}); ` +
      `held-out PSI ${psi}; drift ${check.drift}${check.reasons.length ? ` (${check.reasons.join('; ')})` : ''}`,
  );
  if (heldOutDir) {
    mkdirSync(heldOutDir, { recursive: true });
    const file = join(heldOutDir, `${card.name}-held-out.csv`);
    writeFileSync(
      file,
      ['row,smiles', ...heldOut.map((m) => `${m.row},${csvCell(m.smiles)}`)].join('\n') + '\n',
    );
    console.log(`${card.name}: held-out rows → ${file}`);
  }
}

/** The ensemble means of the held-out molecules per `<model>.<task>`, scored as a screen scores them. */
async function heldOutPredictions(
  dir: string,
  card: ModelCard,
  heldOut: Measured[],
): Promise<Map<string, number[]>> {
  const model = await loadModel(dir);
  const values = new Map<string, number[]>();
  for (let at = 0; at < heldOut.length; at += 256) {
    if (rdkitNeedsReload()) await loadRDKit();
    const features = heldOut.slice(at, at + 256).map((m) => featurizeRecord(m.record));
    for (const score of await scoreFeatures(model, features))
      for (const p of score.predictions ?? []) {
        const key = `${card.name}.${p.task}`;
        if (!values.has(key)) values.set(key, []);
        values.get(key)?.push(p.value);
      }
  }
  return values;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    if (at === -1) return undefined;
    const [, value] = args.splice(at, 2);
    return value;
  };
  const datasetsDir = resolve(
    option('--datasets') ?? process.env.HITSCREEN_DATASETS ?? join(__dirname, '../../../shared/datasets'),
  );
  const heldOutDir = option('--held-out-csv');
  const models = listModels();
  const names = args.length > 0 ? args : models.map((m) => m.name);
  for (const name of names) {
    const entry = models.find((m) => m.name === name);
    if (!entry?.card) throw new Error(`model "${name}": ${entry?.error ?? 'unknown'}`);
    await writeReference(entry.dir, entry.card, datasetsDir, heldOutDir);
  }
  await releaseModels();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
