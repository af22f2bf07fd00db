import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, FEATURIZER_VERSION } from '@hitscreen/chem';
import { ApplicabilityDomain, DEFAULT_DOMAIN_THRESHOLD, TrainingFingerprints } from './applicability-domain';
import { CARD_FILE, ModelCardError, parseModelCard, readModelCard, type ModelCard } from './model-card';
import { readRegisteredFiles, type RegisteredModelFile } from './model-file-check';
import { modelDir } from './model-registry';
import { ModelVersionCache, type Lease } from './model-version-cache';

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

/** A registered version's checked bytes by path (readRegisteredFiles); without them files are read from disk. */
type VerifiedBytes = Map<string, Buffer>;

function verifiedFile(bytes: VerifiedBytes, dir: string, path: string, what: string): Buffer {
  const content = bytes.get(path);
  if (!content)
    throw new Error(`${what} ${join(dir, path)} is not among the registered files of this version`);
  return content;
}

function cardOf(dir: string, bytes?: VerifiedBytes): ModelCard {
  if (!bytes) return readModelCard(dir);
  const file = join(dir, CARD_FILE);
  let json: unknown;
  try {
    json = JSON.parse(verifiedFile(bytes, dir, CARD_FILE, 'card').toString('utf8'));
  } catch (error) {
    throw new ModelCardError(file, 'card', `is not valid JSON: ${(error as Error).message}`);
  }
  return parseModelCard(json, file);
}

async function load(dir: string, options: LoadModelOptions, bytes?: VerifiedBytes): Promise<LoadedModel> {
  const card = cardOf(dir, bytes);
  checkFeaturizerVersion(card);
  const provider = resolveProvider(options);
  const session = sessionOptions(options, provider);
  const members: ort.InferenceSession[] = [];
  try {
    for (const member of card.ensemble.members) {
      const file = join(dir, member);
      if (!bytes && !existsSync(file))
        throw new Error(`model ${card.name}: member ${file} listed in card.json is missing`);
      const s = bytes
        ? await ort.InferenceSession.create(verifiedFile(bytes, dir, member, 'member'), session)
        : await ort.InferenceSession.create(file, session);
      members.push(s);
      checkSignature(s, file, ATOM_FEATURE_DIM, BOND_FEATURE_DIM);
    }
    const threshold = card.domain.threshold ?? DEFAULT_DOMAIN_THRESHOLD;
    const fingerprints = join(dir, card.domain.fingerprints);
    let domain: ApplicabilityDomain;
    if (bytes) {
      const training = new TrainingFingerprints(
        verifiedFile(bytes, dir, card.domain.fingerprints, 'training fingerprints'),
      );
      if (card.domain.count !== undefined && training.size !== card.domain.count)
        throw new Error(
          `${fingerprints}: holds ${training.size} fingerprints but the card's domain.count is ${card.domain.count}`,
        );
      domain = new ApplicabilityDomain(training, threshold);
    } else {
      if (!existsSync(fingerprints))
        throw new Error(
          `model ${card.name}: training fingerprints ${fingerprints} (card.domain.fingerprints) are missing`,
        );
      domain = ApplicabilityDomain.fromFile(fingerprints, threshold, card.domain.count);
    }
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

/** The load options that make different sessions, as one value. */
const optionsKey = (options: LoadModelOptions) =>
  JSON.stringify([
    options.intraOpNumThreads ?? 1,
    resolveProvider(options),
    options.cudaDeviceId ?? 0,
    options.cpuMemArena ?? false,
  ]);

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
  const key = JSON.stringify([real, optionsKey(options)]);
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = load(real, options);
    cache.set(key, loaded);
    // A failed load is not cached: the caller may fix the directory and retry.
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

/**
 * The exact version of a model a screen recorded. With `files` (the registry's record of the version) the model
 * is loaded from `dir`, every registered file checked against its SHA-256 first; without them (no registry row:
 * a checkout that never registered its models) from `dir` or `models/<name>/`, whose card must be that version.
 */
export interface ModelVersionSource {
  name: string;
  version: string;
  /** The registered directory (absolute); default `models/<name>/`. */
  dir?: string;
  files?: readonly RegisteredModelFile[];
}

async function loadVersion(source: ModelVersionSource, options: LoadModelOptions): Promise<LoadedModel> {
  const dir = source.dir ?? modelDir(source.name);
  const model = source.files
    ? await load(dir, options, readRegisteredFiles({ ...source, dir }, source.files))
    : await load(realpathSync(dir), options);
  if (model.card.name !== source.name || model.card.version !== source.version) {
    await Promise.all(model.members.map((s) => s.release()));
    throw new Error(
      `${dir} holds ${model.card.name} ${model.card.version}, not ${source.name} ${source.version} as recorded` +
        (source.files ? '' : ' (that version is not in the model registry, and the served files changed)'),
    );
  }
  return model;
}

// Per thread, as `cache`; bounded per name, since every promotion brings a new version.
const versions = new ModelVersionCache<LoadedModel>((model) =>
  Promise.all(model.members.map((s) => s.release())).then(() => undefined),
);

/**
 * Loads (once per thread) the exact model version a screen recorded, for as long as the lease is held; release
 * it when the batch is done. At most MAX_VERSIONS_PER_MODEL versions of a name stay loaded per thread. Throws
 * ModelFileMismatchError naming the file when a registered file is missing or changed.
 */
export function acquireModelVersion(
  source: ModelVersionSource,
  options: LoadModelOptions = {},
): Promise<Lease<LoadedModel>> {
  // A version loaded unchecked (no registry row then) is not reused once the registry vouches for its files.
  const key = JSON.stringify([source.version, source.files ? 'registered' : 'served', optionsKey(options)]);
  return versions.acquire(source.name, key, () => loadVersion(source, options));
}

/** The model versions acquireModelVersion holds loaded on this thread, least recently acquired first. */
export const loadedModelVersions = (): { name: string; version: string }[] =>
  versions.keys().map(([name, key]) => ({ name, version: (JSON.parse(key) as string[])[0] }));

/** Releases every cached session of this thread (tests, or a worker about to exit). */
export async function releaseModels(): Promise<void> {
  await versions.clear();
  const all = [...cache.values()];
  cache.clear();
  for (const settled of await Promise.allSettled(all))
    if (settled.status === 'fulfilled') await Promise.all(settled.value.members.map((s) => s.release()));
}
