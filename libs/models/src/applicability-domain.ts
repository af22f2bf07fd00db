import { readFileSync } from 'node:fs';
import { FingerprintLibrary, MORGAN_BITS } from '@hitscreen/chem';

/**
 * Max Tanimoto (Morgan r2, 2048 bits) to the training set at or above which a query counts as inside the
 * applicability domain, when the card does not set one. 0.35 on ECFP4-like bits is roughly where a nearest
 * neighbour stops sharing a scaffold-level substructure (random drug-like pairs score ~0.1-0.2); error of
 * QSAR models rises steeply below it. A card's `domain.threshold` overrides it.
 */
export const DEFAULT_DOMAIN_THRESHOLD = 0.35;

export interface DomainAssessment {
  /** Max Tanimoto similarity to any training molecule (0 when the training set is empty). */
  maxSimilarity: number;
  /** maxSimilarity >= the threshold. */
  inDomain: boolean;
  /** Row of the nearest training fingerprint in train-morgan.u8, or -1. */
  nearest: number;
}

/** Reads packed fingerprints (`bits / 8` bytes per molecule, no header: models/FORMAT.md) into a searchable library. */
export function readTrainingFingerprints(file: string, bits = MORGAN_BITS): FingerprintLibrary {
  const bytes = readFileSync(file);
  const width = bits / 8;
  if (bytes.length % width !== 0)
    throw new Error(`${file}: ${bytes.length} bytes is not a whole number of ${bits}-bit fingerprints`);
  const count = bytes.length / width;
  const library = new FingerprintLibrary(bits, Math.max(count, 1));
  for (let i = 0; i < count; i++) library.add(String(i), bytes.subarray(i * width, (i + 1) * width));
  return library;
}

/** The training set's fingerprints and the in/out threshold of one model. */
export class ApplicabilityDomain {
  constructor(
    readonly library: FingerprintLibrary,
    readonly threshold = DEFAULT_DOMAIN_THRESHOLD,
  ) {}

  /** Loads train-morgan.u8; `expectedCount` (the card's domain.count) catches a truncated or stale file. */
  static fromFile(
    file: string,
    threshold = DEFAULT_DOMAIN_THRESHOLD,
    expectedCount?: number,
  ): ApplicabilityDomain {
    const library = readTrainingFingerprints(file);
    if (expectedCount !== undefined && library.size !== expectedCount)
      throw new Error(
        `${file}: holds ${library.size} fingerprints but the card's domain.count is ${expectedCount}`,
      );
    return new ApplicabilityDomain(library, threshold);
  }

  get size(): number {
    return this.library.size;
  }

  /** Top-1 similarity search of one packed parent fingerprint (a linear scan over the training set). */
  assess(fingerprint: Uint8Array): DomainAssessment {
    const [hit] = this.library.search(fingerprint, 1);
    const maxSimilarity = hit?.similarity ?? 0;
    return { maxSimilarity, inDomain: maxSimilarity >= this.threshold, nearest: hit?.index ?? -1 };
  }
}
