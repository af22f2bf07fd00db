import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, FEATURIZER_VERSION } from '@hitscreen/chem';
import { ApplicabilityDomain, DEFAULT_DOMAIN_THRESHOLD } from './applicability-domain';
import { readModelCard, type ModelCard } from './model-card';

/** Where ONNX Runtime runs the members. 'cuda' needs the CUDA provider binaries (README: "CUDA"). */
export type ExecutionProvider = 'cpu' | 'cuda';

export interface LoadModelOptions {
  /**
   * ONNX Runtime intra-op threads per session. 1 by default: parallelism comes from one session per worker
   * thread (RecordPool), and intra-op threads on top would oversubscribe the cores.
   */
  intraOpNumThreads?: number;
  /** 'cpu' unless set, or unless HITSCREEN_EXECUTION_PROVIDER=cuda. */
  executionProvider?: ExecutionProvider;
  /** CUDA device ordinal (execution provider 'cuda' only). */
  cudaDeviceId?: number;
  /**
   * ONNX Runtime's CPU memory arena, off by default: it keeps each session's peak intermediates for the session's
   * life (see sessionOptions). On for a few sessions run at one batch size it saves re-allocation.
   */
  cpuMemArena?: boolean;
}

/** One model directory, ready to run: its card, one session per ensemble member, its applicability domain. */
export interface LoadedModel {
  name: string;
  dir: string;
  card: ModelCard;
  /** Member sessions, in card.ensemble.members order. */
  members: ort.InferenceSession[];
  domain: ApplicabilityDomain;
  atomDim: number;
  bondDim: number;
  executionProvider: ExecutionProvider;
}

/** The input names and output of every member (models/FORMAT.md, "ONNX member signature"). */
export const MEMBER_INPUTS = [
  'atom_features',
  'edge_index',
  'edge_features',
  'atom_mol',
  'mol_ones',
] as const;
export const MEMBER_OUTPUT = 'prediction';

/**
 * A model trained on another featurization would silently score garbage, so it is refused. Exported for tests
 * and for callers that featurize elsewhere.
 */
export function checkFeaturizerVersion(card: ModelCard, version: string = FEATURIZER_VERSION): void {
  if (card.featurizerVersion !== version)
    throw new Error(
      `model ${card.name} was trained with featurizer ${card.featurizerVersion} but this build featurizes with ${version}`,
    );
}

function resolveProvider(options: LoadModelOptions): ExecutionProvider {
  const requested = options.executionProvider ?? process.env.HITSCREEN_EXECUTION_PROVIDER ?? 'cpu';
  if (requested !== 'cpu' && requested !== 'cuda')
    throw new Error(`unknown execution provider "${requested}" (expected "cpu" or "cuda")`);
  return requested;
}

function sessionOptions(
  options: LoadModelOptions,
  provider: ExecutionProvider,
): ort.InferenceSession.SessionOptions {
  const intraOpNumThreads = options.intraOpNumThreads ?? 1;
  if (!Number.isInteger(intraOpNumThreads) || intraOpNumThreads < 1)
    throw new Error(`intraOpNumThreads must be a positive integer (got ${intraOpNumThreads})`);
  return {
    intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // No CPU arena: it keeps each session's peak intermediates (≈440 MB per member at 1,024 molecules per run,
    // so 13 GB for the six models in one thread, measured) for the life of the session. Without it the memory is
    // returned after every run (libs/models/README.md, "Memory").
    enableCpuMemArena: options.cpuMemArena ?? false,
    // CUDA first with the CPU as fallback for any node the CUDA provider lacks; CPU alone by default.
    executionProviders:
      provider === 'cuda' ? [{ name: 'cuda', deviceId: options.cudaDeviceId ?? 0 }, 'cpu'] : ['cpu'],
  };
}

/** The member's declared inputs must be the contract's, with the featurizer's widths where they are static. */
function checkSignature(session: ort.InferenceSession, file: string, atomDim: number, bondDim: number): void {
  const missing = MEMBER_INPUTS.filter((name) => !session.inputNames.includes(name));
  if (missing.length > 0 || !session.outputNames.includes(MEMBER_OUTPUT))
    throw new Error(
      `${file}: inputs [${session.inputNames.join(', ')}] -> [${session.outputNames.join(', ')}] do not match the ` +
        `contract [${MEMBER_INPUTS.join(', ')}] -> [${MEMBER_OUTPUT}]`,
    );
  const widths: Record<string, number> = { atom_features: atomDim, edge_features: bondDim };
  for (const meta of session.inputMetadata) {
    const expected = widths[meta.name];
    if (expected === undefined || !meta.isTensor) continue;
    const width = meta.shape[1];
    if (typeof width === 'number' && width !== expected)
      throw new Error(`${file}: input ${meta.name} has width ${width} but the featurizer gives ${expected}`);
  }
}

async function load(dir: string, options: LoadModelOptions): Promise<LoadedModel> {
  const card = readModelCard(dir);
  checkFeaturizerVersion(card);
  const provider = resolveProvider(options);
  const session = sessionOptions(options, provider);
  const members: ort.InferenceSession[] = [];
  try {
    for (const member of card.ensemble.members) {
      const file = join(dir, member);
      if (!existsSync(file))
        throw new Error(`model ${card.name}: member ${file} listed in card.json is missing`);
      const s = await ort.InferenceSession.create(file, session);
      members.push(s);
      checkSignature(s, file, ATOM_FEATURE_DIM, BOND_FEATURE_DIM);
    }
    const fingerprints = join(dir, card.domain.fingerprints);
    if (!existsSync(fingerprints))
      throw new Error(
        `model ${card.name}: training fingerprints ${fingerprints} (card.domain.fingerprints) are missing`,
      );
    const domain = ApplicabilityDomain.fromFile(
      fingerprints,
      card.domain.threshold ?? DEFAULT_DOMAIN_THRESHOLD,
      card.domain.count,
    );
    return {
      name: card.name,
      dir,
      card,
      members,
      domain,
      atomDim: ATOM_FEATURE_DIM,
      bondDim: BOND_FEATURE_DIM,
      executionProvider: provider,
    };
  } catch (error) {
    await Promise.all(members.map((s) => s.release()));
    throw error;
  }
}

// Module scope is per thread in Node (each worker thread evaluates its own copy of this module), so this cache
// gives exactly one set of sessions per model per thread, created on first use and reused for every batch.
const cache = new Map<string, Promise<LoadedModel>>();

/**
 * Loads a model directory (`models/<name>/`) once per thread and options; later calls get the same sessions.
 * Throws on a featurizer-version mismatch, a card that breaks the contract, or a missing/incompatible member.
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  if (!existsSync(join(dir, 'card.json'))) throw new Error(`${dir} is not a model directory (no card.json)`);
  const real = realpathSync(dir);
  const key = JSON.stringify([
    real,
    options.intraOpNumThreads ?? 1,
    resolveProvider(options),
    options.cudaDeviceId ?? 0,
    options.cpuMemArena ?? false,
  ]);
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = load(real, options);
    cache.set(key, loaded);
    // A failed load is not cached: the caller may fix the directory and retry.
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

/** Releases every cached session of this thread (tests, or a worker about to exit). */
export async function releaseModels(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const settled of await Promise.allSettled(all))
    if (settled.status === 'fulfilled') await Promise.all(settled.value.members.map((s) => s.release()));
}
