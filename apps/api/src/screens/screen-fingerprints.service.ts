import { Inject, Injectable } from '@nestjs/common';
import {
  FingerprintLibrary,
  MORGAN_BITS,
  loadRDKit,
  morganFingerprint,
  parseStructure,
} from '@hitscreen/chem';
import type { ScreeningService, ScreenSummary, ScreenViewer } from '@hitscreen/screening';
import { ApiError } from '../common/api-error';
import { SCREENING_SERVICE } from '../tokens';

/** Molecules one similarity search may cover: 100k × 2048 bits is 25.6 MB of fingerprints. */
export const SIMILARITY_MAX_MOLECULES = 100_000;
/** Finished screens whose fingerprints stay in memory (least recently used goes first). */
const CACHED_SCREENS = 4;
/** Fingerprints computed between yields to the event loop, so other requests are answered while one builds. */
const YIELD_EVERY = 200;

const FINAL = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);

/**
 * The Morgan fingerprints (radius 2, 2048 bits, of the parent, as `cli similar`) of a screen's scored rows, for
 * `GET /screens/:id/similar`. Built on the first search from the stored parents and kept for a finished screen
 * (its rows no longer change); a running screen's are built afresh each time. Ids in the library are row numbers.
 * Cost of the first search: about 1.7 ms per molecule on the 2-core development machine under load (5,000 MUV
 * parents in 8.6 s; a search of 5,000 then takes 16 ms), so a 100k screen's first search takes minutes.
 */
@Injectable()
export class ScreenFingerprints {
  private readonly cache = new Map<string, Promise<FingerprintLibrary>>();

  constructor(@Inject(SCREENING_SERVICE) private readonly screening: ScreeningService) {}

  async of(screen: ScreenSummary, viewer: ScreenViewer): Promise<FingerprintLibrary> {
    if (screen.counts.total > SIMILARITY_MAX_MOLECULES)
      throw ApiError.unprocessable(
        `screen ${screen.id} has ${screen.counts.total} molecules; similarity search covers screens of up to ` +
          `${SIMILARITY_MAX_MOLECULES}`,
      );
    if (!FINAL.has(screen.status)) return this.build(screen.id, viewer);
    const key = `${screen.id}@${screen.finishedAt ?? ''}`;
    let library = this.cache.get(key);
    if (library) {
      this.cache.delete(key); // re-inserted below: Map order is the recency order
    } else {
      library = this.build(screen.id, viewer);
      library.catch(() => this.cache.delete(key));
    }
    this.cache.set(key, library);
    while (this.cache.size > CACHED_SCREENS) this.cache.delete(this.cache.keys().next().value as string);
    return library;
  }

  private async build(id: string, viewer: ScreenViewer): Promise<FingerprintLibrary> {
    const rdkit = await loadRDKit();
    const library = new FingerprintLibrary(MORGAN_BITS);
    let since = 0;
    for await (const row of this.screening.exportRows(id, viewer)) {
      if (row.status !== 'ok' || !row.parentSmiles) continue;
      // The stored parent is already standardized: parsed and fingerprinted directly (3.6× faster than
      // fingerprintStructure, which standardizes again; the bits are the same on 2,000 MUV parents).
      const parsed = parseStructure(rdkit, row.parentSmiles);
      if ('error' in parsed) continue;
      try {
        library.add(String(row.row), morganFingerprint(parsed.mol));
      } finally {
        parsed.mol.delete();
      }
      if (++since >= YIELD_EVERY) {
        since = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return library;
  }
}
