// Writes the training features of each data set in the format of models/FORMAT.md §1, with the project's own
// TypeScript featurizer (so training and serving featurize identically by construction). Each molecule is
// standardized to its parent first, exactly as the scoring library does before featurizing.
// Usage: node dist/models/featurize-datasets.js [dataset…] [--datasets DIR] [--out DIR] [--max-molecules N]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  featurizeGraph,
  loadRDKit,
  molecularDescriptors,
  morganFingerprint,
  parseStructure,
  qed,
  rdkitDescriptors,
  readRecords,
  standardizeToParent,
  ATOM_FEATURE_DIM,
  BOND_FEATURE_DIM,
  FEATURIZER_VERSION,
} from '@hitscreen/chem';
import { DATASETS, type DatasetSpec } from './datasets';

const DESCRIPTOR_NAMES = [
  'heavy_atoms', 'mol_wt', 'clogp', 'mr', 'tpsa', 'hbd', 'hba', 'lipinski_hbd', 'lipinski_hba', 'rot_bonds',
  'rings', 'aromatic_rings', 'fsp3', 'stereocenters', 'qed',
] as const;

interface IndexedMolecule {
  row: number;
  smiles: string;
  parentSmiles: string;
  atomOffset: number;
  numAtoms: number;
  edgeOffset: number;
  numEdges: number;
  labels: (number | null)[];
}

function parseLabel(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}

async function featurizeDataset(spec: DatasetSpec, datasetsDir: string, outRoot: string, maxMolecules: number): Promise<void> {
  const rdkit = await loadRDKit();
  const source = join(datasetsDir, spec.file);
  const atoms: Buffer[] = [];
  const edges: Buffer[] = [];
  const edgeIndex: Buffer[] = [];
  const morgan: Buffer[] = [];
  const descriptors: Buffer[] = [];
  const molecules: IndexedMolecule[] = [];
  const skipped: { row: number; smiles: string; error: string }[] = [];
  let atomOffset = 0;
  let edgeOffset = 0;
  let rows = 0;

  for await (const record of readRecords(source, { smilesColumn: 'smiles', idColumn: spec.idColumn })) {
    rows++;
    if (molecules.length >= maxMolecules) continue;
    const labels = spec.tasks.map((task) => parseLabel(record.fields[task.name]));
    if (record.error) {
      skipped.push({ row: record.record, smiles: record.structure, error: record.error });
      continue;
    }
    const parsed = parseStructure(rdkit, record.structure);
    if ('error' in parsed) {
      skipped.push({ row: record.record, smiles: record.structure, error: parsed.error });
      continue;
    }
    try {
      const { parent, parentSmiles } = standardizeToParent(rdkit, parsed.mol);
      try {
        const graph = featurizeGraph(parent);
        const raw = rdkitDescriptors(parent);
        const d = molecularDescriptors(parent, raw);
        const q = qed(parent, raw, parent.get_pattern_fp_as_uint8array() as Uint8Array);
        const values = [d.heavyAtoms, d.molWt, d.clogp, d.mr, d.tpsa, d.hbd, d.hba, d.lipinskiHbd, d.lipinskiHba,
          d.rotBonds, d.rings, d.aromaticRings, d.fsp3, d.stereocenters, q];
        const local = new Int32Array(graph.numEdges * 2);
        for (let e = 0; e < graph.numEdges; e++) {
          local[2 * e] = Number(graph.edgeIndex[e]);
          local[2 * e + 1] = Number(graph.edgeIndex[graph.numEdges + e]);
        }
        atoms.push(Buffer.from(graph.atomFeatures.buffer));
        edges.push(Buffer.from(graph.edgeFeatures.buffer));
        edgeIndex.push(Buffer.from(local.buffer));
        morgan.push(Buffer.from(morganFingerprint(parent)));
        descriptors.push(Buffer.from(Float32Array.from(values).buffer));
        molecules.push({ row: record.record, smiles: record.structure, parentSmiles, atomOffset, numAtoms: graph.numAtoms, edgeOffset, numEdges: graph.numEdges, labels });
        atomOffset += graph.numAtoms;
        edgeOffset += graph.numEdges;
      } finally {
        parent.delete();
      }
    } catch (error) {
      skipped.push({ row: record.record, smiles: record.structure, error: (error as Error).message });
    } finally {
      parsed.mol.delete();
    }
  }

  const out = join(outRoot, spec.name);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'atoms.f32'), Buffer.concat(atoms));
  writeFileSync(join(out, 'edges.f32'), Buffer.concat(edges));
  writeFileSync(join(out, 'edge_index.i32'), Buffer.concat(edgeIndex));
  writeFileSync(join(out, 'morgan.u8'), Buffer.concat(morgan));
  writeFileSync(join(out, 'descriptors.f32'), Buffer.concat(descriptors));
  const index = {
    dataset: spec.name,
    featurizerVersion: FEATURIZER_VERSION,
    atomDim: ATOM_FEATURE_DIM,
    bondDim: BOND_FEATURE_DIM,
    source: { file: basename(source), rows, sha256: createHash('sha256').update(readFileSync(source)).digest('hex'), citation: spec.citation },
    tasks: spec.tasks,
    descriptorNames: DESCRIPTOR_NAMES,
    molecules,
    skipped,
  };
  writeFileSync(join(out, 'index.json'), JSON.stringify(index));
  console.log(`${spec.name}: ${molecules.length} molecules featurized, ${skipped.length} skipped, ${atomOffset} atoms → ${out}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    if (at === -1) return undefined;
    const [, value] = args.splice(at, 2);
    return value;
  };
  const datasetsDir = resolve(option('--datasets') ?? process.env.HITSCREEN_DATASETS ?? join(__dirname, '../../../shared/datasets'));
  const outRoot = resolve(option('--out') ?? join(__dirname, '../../models/.cache/features'));
  const maxMolecules = Number(option('--max-molecules') ?? Infinity);
  const names = args.length > 0 ? args : DATASETS.map((d) => d.name);
  for (const name of names) {
    const spec = DATASETS.find((d) => d.name === name);
    if (!spec) throw new Error(`unknown data set "${name}"; known: ${DATASETS.map((d) => d.name).join(', ')}`);
    await featurizeDataset(spec, datasetsDir, outRoot, maxMolecules);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
