import fc from 'fast-check';
import { InputError } from './errors';
import { INPUT_FORMATS, readRecordsFromStream, type InputFormat } from './io';
import { featurizeRecord, profileAndFeaturizeRecord, profileRecord } from './profile';
import { loadRDKit, rdkitNeedsReload } from './rdkit';
import { mapRecordsWithRDKit } from './rdkit-records';
import type { InputRecord } from './records';

// Property-based robustness: whatever bytes or strings arrive, the readers and the per-molecule pipeline answer
// with records and per-record errors, never an exception that would take the rest of a library down.

const SEED = 20261129;

async function* bytesOf(data: Uint8Array | string): AsyncGenerator<Buffer> {
  yield Buffer.from(data);
}

async function readAll(bytes: Uint8Array, format: InputFormat): Promise<InputRecord[] | InputError> {
  const records: InputRecord[] = [];
  try {
    for await (const record of readRecordsFromStream(bytesOf(bytes), format, { allowEmpty: true })) {
      records.push(record);
    }
  } catch (error) {
    // Whole-input problems (binary data, corrupt gzip, no SMILES column) are InputError by contract; anything
    // else escaping is a bug.
    if (error instanceof InputError) return error;
    throw error;
  }
  return records;
}

function expectWellFormed(records: InputRecord[]): void {
  let previous = 0;
  for (const record of records) {
    expect(record.record).toBeGreaterThan(previous);
    previous = record.record;
    expect(typeof record.id).toBe('string');
    if (record.error !== undefined) {
      expect(record.error.length).toBeGreaterThan(0);
      expect(record.structure).toBe('');
    }
  }
}

/** Text that looks like a library: lines of SMILES characters, separators, quotes, SDF markers. */
const libraryLikeText = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[CNOSPFIBrcnos()[\]=#@+\-0-9%\\/.]{0,60}$/),
      fc.constantFrom('smiles,id', 'id\tsmiles', '$$$$', 'M  END', '> <name>', '"', '""', ',', '\t', ''),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 40 },
  )
  .map((lines) => lines.join('\n'));

describe('readers on arbitrary input', () => {
  it.each(INPUT_FORMATS)('%s: random bytes give records or an InputError, never a crash', async (format) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const result = await readAll(bytes, format);
        if (!(result instanceof InputError)) expectWellFormed(result);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it.each(INPUT_FORMATS)('%s: library-like text gives well-formed records', async (format) => {
    await fc.assert(
      fc.asyncProperty(libraryLikeText, async (text) => {
        const result = await readAll(new TextEncoder().encode(text), format);
        if (!(result instanceof InputError)) expectWellFormed(result);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("a line over the limit is that record's error, and the next record is still read", async () => {
    const text = `${'C'.repeat(5000)} huge\nCCO ethanol\n`;
    const records = await readAll(new TextEncoder().encode(text), 'smiles');
    expect(records).not.toBeInstanceOf(InputError);
    const [huge, ethanol] = records as InputRecord[];
    expect(huge.error).toBeUndefined(); // 5000 characters is under the default line limit
    const limited: InputRecord[] = [];
    for await (const record of readRecordsFromStream(bytesOf(text), 'smiles', { maxLineLength: 1000 }))
      limited.push(record);
    expect(limited[0].error).toMatch(/1000/);
    expect(limited[1]).toMatchObject({ id: 'ethanol', structure: 'CCO' });
    expect(ethanol.structure).toBe('CCO');
  });
});

describe('the per-molecule pipeline on arbitrary structures', () => {
  beforeAll(async () => {
    await loadRDKit();
  });

  const smilesLike = fc.stringMatching(/^[CNOSPFIBrclnos()[\]=#@+\-0-9%\\/.*:HK]{1,80}$/);

  it('profileRecord and featurizeRecord never throw: a molecule or a reason; one parse gives the same', () => {
    fc.assert(
      fc.property(fc.oneof(smilesLike, fc.string({ maxLength: 80 })), (structure) => {
        const record: InputRecord = { record: 1, id: 'x', structure, fields: {} };
        const profile = profileRecord(record);
        expect(profile.error === undefined ? typeof profile.parentSmiles : typeof profile.error).toBe(
          'string',
        );
        const features = featurizeRecord(record);
        expect(features).toBeDefined();
        // The pipeline's one-parse path: what the two calls give, the features only for a profiled molecule.
        expect(profileAndFeaturizeRecord(record)).toEqual(
          profile.error ? { profile } : { profile, features },
        );
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('refuses molecules over the heavy-atom limit before RDKit parses them, with the reason', () => {
    const chain = profileRecord({ record: 7, id: 'long', structure: 'C'.repeat(1500), fields: {} });
    expect(chain.error).toBe('structure too large: 1500 heavy atoms (limit 500)');
    const rings = 'c1ccccc1.'.repeat(100); // 600 atoms in 100 disconnected benzenes
    expect(profileRecord({ record: 8, id: 'rings', structure: rings, fields: {} }).error).toBe(
      'structure too large: 600 heavy atoms (limit 500)',
    );
    // Explicit hydrogens are not heavy atoms; mercury is.
    const hydrogens = `[H]C([H])([H])${'C'.repeat(10)}[Hg]`;
    expect(
      profileRecord({ record: 9, id: 'h', structure: hydrogens, fields: {} }, { maxHeavyAtoms: 12 }).error,
    ).toBe(undefined);
    expect(
      profileRecord({ record: 9, id: 'h', structure: hydrogens, fields: {} }, { maxHeavyAtoms: 11 }).error,
    ).toBe('structure too large: 12 heavy atoms (limit 11)');
  });

  it('a structure that traps the WebAssembly instance fails alone; the next records get a fresh instance', async () => {
    const aspirin = { record: 1, id: 'aspirin', structure: 'CC(=O)Oc1ccccc1C(=O)O', fields: {} };
    const before = profileRecord(aspirin);
    // Past the default limit on purpose: a 1200-atom chain exhausts the WebAssembly stack in RDKit's parser.
    const poison = { record: 2, id: 'poison', structure: 'C'.repeat(1200), fields: {} };
    const [, poisoned, after] = await mapRecordsWithRDKit([aspirin, poison, aspirin], (record) =>
      profileRecord(record, { maxHeavyAtoms: 5000 }),
    );
    expect(poisoned.error).toMatch(
      /^RDKit failed on the structure: RDKit crashed on this structure \(WebAssembly trap/,
    );
    expect(rdkitNeedsReload()).toBe(false);
    expect(after).toEqual(before);
    expect(after.alerts).toEqual(before.alerts);
    expect(featurizeRecord(aspirin).error).toBeUndefined();
  });

  it('deeply nested branches and ring-closure soup end as per-record errors or molecules, not crashes', async () => {
    const nested = `C${'(C'.repeat(300)}${')'.repeat(300)}`;
    const soup = Array.from({ length: 200 }, (_, i) => `C%${10 + (i % 89)}`).join('');
    const structures = [nested, soup, '('.repeat(10_000), '[' + 'C'.repeat(10_000), 'C'.repeat(499)];
    const profiles = await mapRecordsWithRDKit(
      structures.map((structure, i) => ({ record: i + 1, id: 'x', structure, fields: {} })),
      (record) => profileRecord(record),
    );
    for (const profile of profiles) expect(profile.error ?? profile.parentSmiles).toEqual(expect.any(String));
  });
});
