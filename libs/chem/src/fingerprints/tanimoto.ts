/** Set bits in a 32-bit word (SWAR popcount; no BigInt or lookup tables in the hot loop). */
export function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Packed fingerprint bytes viewed as 32-bit words (copies only when the bytes are unaligned). */
export function toWords(bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`fingerprint length ${bytes.byteLength} is not a multiple of 4 bytes`);
  if (bytes.byteOffset % 4 === 0)
    return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}

/** Tanimoto similarity |A∩B| / |A∪B| of two packed fingerprints of equal length; 0 when both are empty. */
export function tanimoto(a: Uint8Array, b: Uint8Array): number {
  if (a.byteLength !== b.byteLength) throw new Error('fingerprints differ in length');
  return tanimotoWords(toWords(a), 0, toWords(b), 0, a.byteLength / 4);
}

/** Tanimoto over `length` words starting at the given offsets: the inner loop of library search. */
export function tanimotoWords(
  a: Uint32Array,
  aStart: number,
  b: Uint32Array,
  bStart: number,
  length: number,
): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < length; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    both += popcount32(x & y);
    either += popcount32(x | y);
  }
  return either === 0 ? 0 : both / either;
}
