/**
 * Fast non-cryptographic hashing for routing decisions: FNV-1a over the
 * UTF-16 code units of a string, finished with MurmurHash3's fmix32 so that
 * keys differing only in their last characters still spread over all 32 bits.
 * 32 bits are enough here: ties between two pools are broken by position, and
 * the decision budget (20 µs p99) rules out BigInt arithmetic.
 */

// Bound once: inside a vm context (the jest sandbox) every `Math.` lookup goes
// through the context's global interceptor and costs ~30× the multiply itself.
const imul = Math.imul;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** MurmurHash3's 32-bit finaliser: full avalanche of every input bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a string, uniform over 0..2^32−1. */
export function hashString(value: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = imul(h, FNV_PRIME);
  }
  return fmix32(h);
}

/**
 * Rendezvous (highest random weight) score of a key for one target. Each
 * target's seed is the hash of its id, so the score of a key for a target
 * never depends on which other targets exist: that is what keeps moves minimal.
 */
export function rendezvousScore(keyHash: number, targetSeed: number): number {
  return fmix32((keyHash ^ targetSeed) >>> 0);
}
