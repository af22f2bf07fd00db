import { tanimotoWords, toWords } from './tanimoto';

export interface SimilarityHit {
  /** Position of the entry in the library (insertion order). */
  index: number;
  id: string;
  similarity: number;
}

/**
 * Fingerprints of a library held in memory as one packed Uint32Array (`wordsPerFp` words each), so a search is
 * a linear scan over contiguous memory: 100k molecules × 2048 bits = 25.6 MB.
 */
export class FingerprintLibrary {
  private words: Uint32Array;
  private readonly ids: string[] = [];

  constructor(
    readonly bits: number,
    initialCapacity = 1024,
  ) {
    if (bits % 32 !== 0) throw new Error('fingerprint length must be a multiple of 32 bits');
    this.words = new Uint32Array((bits / 32) * initialCapacity);
  }

  get size(): number {
    return this.ids.length;
  }

  private get wordsPerFp(): number {
    return this.bits / 32;
  }

  add(id: string, fingerprint: Uint8Array): number {
    if (fingerprint.byteLength * 8 !== this.bits) {
      throw new Error(
        `fingerprint of ${fingerprint.byteLength * 8} bits added to a ${this.bits}-bit library`,
      );
    }
    const index = this.ids.length;
    const offset = index * this.wordsPerFp;
    if (offset + this.wordsPerFp > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words.set(toWords(fingerprint), offset);
    this.ids.push(id);
    return index;
  }

  /**
   * The k most similar entries, best first; ties keep library order. A bounded insertion list keeps the
   * scan O(n·k) without sorting the whole library.
   */
  search(query: Uint8Array, k: number, minSimilarity = 0): SimilarityHit[] {
    const q = toWords(query);
    if (q.length !== this.wordsPerFp) throw new Error('query fingerprint length differs from the library');
    const top: { index: number; similarity: number }[] = [];
    for (let index = 0; index < this.ids.length; index++) {
      const similarity = tanimotoWords(q, 0, this.words, index * this.wordsPerFp, this.wordsPerFp);
      if (similarity < minSimilarity) continue;
      if (top.length === k && similarity <= top[k - 1].similarity) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].similarity < similarity) at--;
      top.splice(at, 0, { index, similarity });
      if (top.length > k) top.pop();
    }
    return top.map(({ index, similarity }) => ({ index, id: this.ids[index], similarity }));
  }
}
