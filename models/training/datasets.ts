// The data sets the models train on (shared/datasets/README.md), their tasks and units.
export interface TaskSpec {
  name: string;
  type: 'classification' | 'regression';
  units: string;
}

export interface DatasetSpec {
  name: string;
  file: string;
  idColumn?: string;
  tasks: TaskSpec[];
  citation: string;
}

const TOX21_ASSAYS = ['NR-AR', 'NR-AR-LBD', 'NR-AhR', 'NR-Aromatase', 'NR-ER', 'NR-ER-LBD', 'NR-PPAR-gamma', 'SR-ARE', 'SR-ATAD5', 'SR-HSE', 'SR-MMP', 'SR-p53'];
const active = 'probability of activity';

export const DATASETS: DatasetSpec[] = [
  {
    name: 'tox21',
    file: 'tox21.csv',
    tasks: TOX21_ASSAYS.map((name) => ({ name, type: 'classification', units: active })),
    citation: 'Tox21 Data Challenge 2014 (NIH/EPA/FDA), MoleculeNet (Wu et al. 2018), chemprop data/tox21.csv',
  },
  {
    name: 'bace',
    file: 'bace.csv',
    idColumn: 'id',
    tasks: [
      { name: 'pIC50', type: 'regression', units: 'pIC50 (-log10 IC50 [M])' },
      { name: 'active', type: 'classification', units: 'probability that pIC50 >= 7' },
    ],
    citation: 'BACE-1 inhibitors, Subramanian et al. J. Chem. Inf. Model. 2016; MoleculeNet',
  },
  {
    name: 'esol',
    file: 'esol.csv',
    tasks: [{ name: 'log_solubility_mol_per_l', type: 'regression', units: 'log10(solubility in mol/L)' }],
    citation: 'Delaney, J. Chem. Inf. Comput. Sci. 2004 (ESOL); MoleculeNet',
  },
  {
    name: 'lipophilicity',
    file: 'lipophilicity.csv',
    tasks: [{ name: 'lipo', type: 'regression', units: 'logD at pH 7.4' }],
    citation: 'AstraZeneca deposition in ChEMBL (CHEMBL3301361); MoleculeNet Lipophilicity',
  },
  {
    name: 'bbbp',
    file: 'bbbp.csv',
    tasks: [{ name: 'p_np', type: 'classification', units: 'probability of blood-brain barrier penetration' }],
    citation: 'Martins et al. J. Chem. Inf. Model. 2012; MoleculeNet BBBP',
  },
  {
    name: 'clintox',
    file: 'clintox.csv',
    tasks: [
      { name: 'FDA_APPROVED', type: 'classification', units: 'probability of FDA approval' },
      { name: 'CT_TOX', type: 'classification', units: 'probability of failing clinical trials for toxicity' },
    ],
    citation: 'Gayvert et al. Cell Chem. Biol. 2016 (ClinTox); MoleculeNet',
  },
];
