/**
 * Fast non-cryptographic hashing for routing decisions: FNV-1a over the
 * UTF-16 code units of a string, finished with MurmurHash3's fmix32 so that
 * keys differing only in their last characters still spread over all 32 bits.
 * 32 bits are enough here: ties between two pools are broken by position, and
 * the decision budget (20 µs p99) rules out BigInt arithmetic.
 */
import { fmix32, fnv1a } from '@switchyard/hashing';

/** Hash of a string, uniform over 0..2^32−1. */
export function hashString(value: string): number {
  return fmix32(fnv1a(value));
}

/**
 * Rendezvous (highest random weight) score of a key for one target. Each
 * target's seed is the hash of its id, so the score of a key for a target
 * never depends on which other targets exist: that is what keeps moves minimal.
 */
export function rendezvousScore(keyHash: number, targetSeed: number): number {
  return fmix32((keyHash ^ targetSeed) >>> 0);
}
