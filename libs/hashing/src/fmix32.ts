const imul = Math.imul;

/**
 * MurmurHash3's 32-bit finaliser: full avalanche of every input bit. FNV-1a's low bits are weak, and a
 * `% n` with n a power of two reads only those. https://github.com/aappleby/smhasher/wiki/MurmurHash3
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
