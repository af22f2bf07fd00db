import { join } from 'node:path';
import { readRecords } from './read-records';
import { collect, FIXTURES, readText } from './spec-helpers';

describe('SMILES reader', () => {
  it('reads the fixture: header and comment skipped, ids from the rest of the line, record number otherwise', async () => {
    const records = await collect(readRecords(join(FIXTURES, 'drugs.smi')));
    expect(records.map((r) => [r.record, r.id, r.structure])).toEqual([
      [1, 'aspirin', 'CC(=O)Oc1ccccc1C(=O)O'],
      [2, 'caffeine', 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C'],
      [3, 'ibuprofen (racemic)', 'CC(C)Cc1ccc(cc1)C(C)C(=O)O'],
      [4, '4', 'CC(=O)Nc1ccc(O)cc1'],
      [5, 'MUV-000001', 'Cc1cccc(N2CCN(C(=O)C34CC5CC(CC(C5)C3)C4)CC2)c1C'],
      [6, 'MUV-000002', 'Cn1ccnc1SCC(=O)Nc1ccc(Oc2ccccc2)cc1'],
    ]);
    expect(records.every((r) => r.error === undefined && Object.keys(r.fields).length === 0)).toBe(true);
  });

  it('skips a header only when its first word is literally smiles or SMILES, and only on the first data line', async () => {
    expect((await readText('smiles\nCCO\n', 'smiles')).map((r) => r.structure)).toEqual(['CCO']);
    expect((await readText('Smiles x\nCCO\n', 'smiles')).map((r) => r.structure)).toEqual(['Smiles', 'CCO']);
    expect((await readText('CCO\nSMILES\n', 'smiles')).map((r) => r.structure)).toEqual(['CCO', 'SMILES']);
  });

  it('handles a BOM, mixed line endings and trailing whitespace', async () => {
    const records = await readText('\ufeffCCO ethanol \r\nc1ccccc1\tbenzene\t\rCC  \n', 'smiles', {}, 3);
    expect(records.map((r) => [r.id, r.structure])).toEqual([
      ['ethanol', 'CCO'],
      ['benzene', 'c1ccccc1'],
      ['3', 'CC'],
    ]);
  });

  it('fails a 100 kB line as one record (default maxLineLength 100000) and reads the next', async () => {
    const records = await readText(`CCO a\n${'C'.repeat(100_001)} big\nCCN b\n`, 'smiles');
    expect(records.map((r) => r.id)).toEqual(['a', '2', 'b']);
    expect(records[1].structure).toBe('');
    expect(records[1].error).toBe(
      'line of 100005 characters exceeds maxLineLength (100000) (record 2, line 2)',
    );
    expect(records[2].error).toBeUndefined();
  });

  it('flags non-ASCII or control characters (binary garbage without NUL bytes) per record', async () => {
    const garbage = Buffer.from([0x43, 0x43, 0x0a, 0xc3, 0x28, 0xfe, 0x81, 0x0a, 0x43, 0x07, 0x0a]);
    const records = await readText(garbage, 'smiles');
    expect(records.map((r) => r.error)).toEqual([
      undefined,
      'SMILES contains invalid UTF-8 at position 1 (record 2, line 2)',
      'SMILES contains character U+0007 at position 2 (record 3, line 3)',
    ]);
  });
});
