import { join } from 'node:path';
import { InputError } from '../errors';
import { readRecords } from './read-records';
import { collect, FIXTURES, readText } from './spec-helpers';

describe('CSV/TSV reader', () => {
  it('reads the fixture: RFC 4180 quoting, SMILES and ID columns in any case, other columns as fields', async () => {
    const records = await collect(readRecords(join(FIXTURES, 'drugs.csv')));
    expect(records).toEqual([
      {
        record: 1,
        id: 'DB00945',
        structure: 'CC(=O)Oc1ccccc1C(=O)O',
        fields: { name: 'aspirin', note: 'analgesic, antiplatelet' },
      },
      {
        record: 2,
        id: 'DB00201',
        structure: 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
        fields: { name: 'caffeine', note: 'the "wake-up" molecule' },
      },
      {
        record: 3,
        id: 'DB01050',
        structure: 'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
        fields: { name: 'ibuprofen', note: 'NSAID\nracemic' },
      },
      {
        record: 4,
        id: 'MUV-000003',
        structure: 'COc1cc2c(cc1NC(=O)CN1C(=O)NC3(CCc4ccccc43)C1=O)oc1ccccc12',
        fields: { name: '', note: 'from the MUV library' },
      },
    ]);
  });

  it('reads TSV, tolerating a trailing tab', async () => {
    const records = await collect(readRecords(join(FIXTURES, 'drugs.tsv')));
    expect(records.map((r) => [r.id, r.fields.pIC50, r.error])).toEqual([
      ['BACE_2', '8.8538723', undefined],
      ['BACE_3', '8.6989698', undefined],
      ['DB00316', '', undefined],
    ]);
  });

  it('takes the columns named by smilesColumn / idColumn; other columns stay fields', async () => {
    const records = await collect(
      readRecords(join(FIXTURES, 'drugs.csv'), { smilesColumn: 'smiles', idColumn: 'NAME' }),
    );
    expect(records[0]).toMatchObject({ id: 'aspirin', fields: { ID: 'DB00945' } });
    expect(records[3].id).toBe('4'); // empty id cell → record number
  });

  it('fails the whole input when the SMILES or id column is missing, naming the columns found', async () => {
    await expect(readText('name,structure\na,CCO\n', 'csv')).rejects.toThrow(InputError);
    await expect(readText('name,structure\na,CCO\n', 'csv')).rejects.toThrow(
      'input: no SMILES column found (looked for smiles, canonical_smiles, any case; set the SMILES column option); columns found: "name", "structure"',
    );
    await expect(readText('id,smiles\na,CCO\n', 'csv', { smilesColumn: 'mol' })).rejects.toThrow(
      'input: SMILES column "mol" not found; columns found: "id", "smiles"',
    );
    await expect(readText('id,smiles\na,CCO\n', 'csv', { idColumn: 'cid' })).rejects.toThrow(
      /id column "cid" not found/,
    );
  });

  it('uses canonical_smiles and mol_id when those are the names, and record numbers without an id column', async () => {
    const records = await readText('mol_id,Canonical_SMILES\nm1,CCO\n', 'csv');
    expect(records[0]).toMatchObject({ id: 'm1', structure: 'CCO' });
    // Preference order id, name, compound_id, mol_id.
    expect((await readText('compound_id,smiles,name\nc1,CCO,ethanol\n', 'csv'))[0]).toMatchObject({
      id: 'ethanol',
      fields: { compound_id: 'c1' },
    });
    expect((await readText('smiles,y\nCCO,1\n', 'csv'))[0]).toEqual({
      record: 1,
      id: '1',
      structure: 'CCO',
      fields: { y: '1' },
    });
  });

  it('fails a row with the wrong number of cells and goes on', async () => {
    const records = await readText('id,smiles,y\na,CCO,1\nb,CCN\nc,CCC,3,4\nd,CCCC,4\n', 'csv');
    expect(records.map((r) => r.error)).toEqual([
      undefined,
      'wrong number of cells: expected 3 as in the header, found 2 (record 2, line 3)',
      'wrong number of cells: expected 3 as in the header, found 4 (record 3, line 4)',
      undefined,
    ]);
    expect(records[3]).toMatchObject({ record: 4, id: 'd', structure: 'CCCC' });
  });

  it('skips blank lines, handles CRLF, lone CR and a BOM, trims SMILES and ids', async () => {
    const records = await readText('\ufeffid,smiles\r\n\r\n a ,CCO  \rb,"CCN"\r\n', 'csv', {}, 2);
    expect(records.map((r) => [r.record, r.id, r.structure])).toEqual([
      [1, 'a', 'CCO'],
      [2, 'b', 'CCN'],
    ]);
  });

  it('fails an empty SMILES cell, an over-long row and an unterminated quote at the end as single records', async () => {
    const records = await readText(`id,smiles\na,\nb,${'C'.repeat(200)}\nc,CCO\nd,"CC\n`, 'csv', {
      maxLineLength: 100,
    });
    expect(records.map((r) => r.error)).toEqual([
      'empty SMILES (record 1, line 2)',
      'line of 202 characters exceeds maxLineLength (100) (record 2, line 3)',
      undefined,
      'unterminated quoted field at end of input (record 4, line 5)',
    ]);
  });
});
