import { loadRDKit, rdkit, using } from '../rdkit';
import { featurizeGraph } from '../featurize/graph-featurizer';
import { morganFingerprint } from '../fingerprints/morgan';
import { featurizeRecord, featurizeStructure } from './featurize-record';

beforeAll(() => loadRDKit());

describe('featurizeRecord', () => {
  it('featurizes the standardized parent: a salt gives the neutral acid', () => {
    const f = featurizeRecord({ record: 3, id: 'salt', structure: '[Na+].CC(=O)[O-]', fields: {} });
    expect(f).toMatchObject({ record: 3, id: 'salt', parentSmiles: 'CC(=O)O' });
    const acid = using(rdkit().get_mol('CC(=O)O')!, (m) => ({
      graph: featurizeGraph(m),
      fp: morganFingerprint(m),
    }));
    expect(f.graph).toEqual(acid.graph);
    expect(f.fingerprint).toEqual(acid.fp);
  });

  it('passes reader errors through and reports invalid structures without throwing', async () => {
    expect(featurizeRecord({ record: 1, id: 'a', structure: '', fields: {}, error: 'bad row' })).toEqual({
      record: 1,
      id: 'a',
      error: 'bad row',
    });
    const invalid = await featurizeStructure('C1CC');
    expect(invalid.graph).toBeUndefined();
    expect(invalid.error).toBeTruthy();
  });
});
