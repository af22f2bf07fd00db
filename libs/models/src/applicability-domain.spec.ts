import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FingerprintLibrary, featurizeStructure } from '@hitscreen/chem';
import { FIXTURE_TRAINING_SMILES } from '../test-fixtures/fixture-molecules';
import {
  ApplicabilityDomain,
  DEFAULT_DOMAIN_THRESHOLD,
  readTrainingFingerprints,
  TrainingFingerprints,
} from './applicability-domain';
import { modelDir } from './model-registry';
import { TOY_MODEL_DIR } from './testing/toy-model';

const fingerprint = async (smiles: string) => (await featurizeStructure(smiles)).fingerprint!;

describe('applicability domain', () => {
  const domain = ApplicabilityDomain.fromFile(join(TOY_MODEL_DIR, 'train-morgan.u8'));

  it('gives similarity 1 and in-domain for every training molecule, pointing at its row', async () => {
    expect(domain.size).toBe(FIXTURE_TRAINING_SMILES.length);
    for (const [row, smiles] of FIXTURE_TRAINING_SMILES.entries()) {
      expect(domain.assess(await fingerprint(smiles))).toEqual({
        maxSimilarity: 1,
        inDomain: true,
        nearest: row,
      });
    }
  });

  it('puts an unrelated molecule outside the domain at the default threshold', async () => {
    expect(domain.threshold).toBe(DEFAULT_DOMAIN_THRESHOLD);
    const far = domain.assess(await fingerprint('FC(F)(F)C(F)(F)S(=O)(=O)N1CCCCC1'));
    expect(far.maxSimilarity).toBeLessThan(DEFAULT_DOMAIN_THRESHOLD);
    expect(far.inDomain).toBe(false);
    // a salt is assessed by its parent: sodium acetylsalicylate is aspirin
    const salt = domain.assess(await fingerprint('[Na+].CC(=O)Oc1ccccc1C(=O)[O-]'));
    expect(salt).toEqual({ maxSimilarity: 1, inDomain: true, nearest: 2 });
  });

  it('applies the threshold as >=', async () => {
    const ethanol = await fingerprint('CCO');
    expect(new ApplicabilityDomain(domain.fingerprints, 1).assess(ethanol).inDomain).toBe(true);
  });

  it('rejects a file that is not whole fingerprints', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fp-')), 'bad.u8');
    writeFileSync(file, Buffer.alloc(300));
    expect(() => readTrainingFingerprints(file)).toThrow(
      /300 bytes is not a whole number of 2048-bit fingerprints/,
    );
  });

  it('the pruned search finds exactly what a full scan finds (maximum and lowest row on ties)', () => {
    // real training sets: tox21's 5,316 fingerprints queried with bbbp's and with tox21's own rows
    const training = readFileSync(join(modelDir('tox21'), 'train-morgan.u8'));
    const queries = readFileSync(join(modelDir('bbbp'), 'train-morgan.u8'));
    const indexed = new TrainingFingerprints(training);
    const full = new FingerprintLibrary(2048, indexed.size);
    for (let row = 0; row < indexed.size; row++)
      full.add(String(row), training.subarray(row * 256, (row + 1) * 256));
    const check = (query: Uint8Array) => {
      const [hit] = full.search(query, 1);
      expect(indexed.nearest(query)).toEqual({ row: hit.index, similarity: hit.similarity });
    };
    for (let k = 0; k < 300; k++) check(queries.subarray(k * 256, (k + 1) * 256));
    for (let k = 0; k < 5316; k += 97) check(training.subarray(k * 256, (k + 1) * 256));
    // an empty fingerprint is similar to nothing; its nearest is the first row, as a full scan reports
    expect(indexed.nearest(new Uint8Array(256))).toEqual({ row: 0, similarity: 0 });
    expect(new TrainingFingerprints(new Uint8Array(0)).nearest(new Uint8Array(256))).toEqual({
      row: -1,
      similarity: 0,
    });
  });
});
