/**
 * Which pool serves a job: rendezvous (HRW) hashing of the job's affinity key
 * over the pools of the chosen model, with the bounded-load rule of
 *
 *   V. Mirrokni, M. Thorup, M. Zadimoghaddam, "Consistent Hashing with Bounded
 *   Loads", SODA 2018 (arXiv:1608.01350).
 *
 * Walking the key's ranking, a job goes to the first pool whose load after
 * taking it stays within ⌈(1+ε)·(total load + 1)/n⌉. Some pool is always
 * under the bound (the least loaded holds at most the average), so the walk
 * always ends; a pool joining or leaving moves only the keys it wins or held,
 * about 1/n of them, and no pool ever exceeds (1+ε) of the average by more
 * than the rounding.
 */
import { hashString, rendezvousScore } from './hash';

export class PoolRing {
  readonly poolIds: readonly string[];
  private readonly seeds: Uint32Array;
  /** Scratch for one choice; a ring is used by one synchronous caller at a time. */
  private readonly scores: Float64Array;

  constructor(poolIds: readonly string[]) {
    this.poolIds = [...poolIds];
    this.seeds = Uint32Array.from(this.poolIds, hashString);
    this.scores = new Float64Array(this.poolIds.length);
  }

  get size(): number {
    return this.poolIds.length;
  }

  /** The key's preference order over every pool, best first (for diagnostics and tests). */
  rank(key: string): string[] {
    const keyHash = hashString(key);
    return this.poolIds
      .map((id, i) => ({ id, i, score: rendezvousScore(keyHash, this.seeds[i]) }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .map((p) => p.id);
  }

  /** Pool `index`'s rendezvous score for the key. */
  score(keyHash: number, index: number): number {
    return rendezvousScore(keyHash, this.seeds[index]);
  }

  /** The key's first choice, ignoring load: the pure consistent-hash mapping. */
  owner(keyHash: number): number {
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < this.seeds.length; i++) {
      const score = rendezvousScore(keyHash, this.seeds[i]);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  /**
   * Index of the pool that takes the job, or −1 when no pool is usable.
   * `inFlight[i]` is pool i's load; `usable[i]` (default: all) says whether
   * pool i may take jobs at all.
   */
  choose(keyHash: number, inFlight: ArrayLike<number>, epsilon: number, usable?: ArrayLike<number>): number {
    const n = this.seeds.length;
    const scores = this.scores;
    let count = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (usable && !usable[i]) {
        scores[i] = -1;
        continue;
      }
      scores[i] = rendezvousScore(keyHash, this.seeds[i]);
      count++;
      total += inFlight[i];
    }
    if (count === 0) return -1;
    const bound = Math.ceil(((1 + epsilon) * (total + 1)) / count);
    for (;;) {
      let best = -1;
      let bestScore = -1;
      for (let i = 0; i < n; i++) {
        if (scores[i] > bestScore) {
          bestScore = scores[i];
          best = i;
        }
      }
      if (best === -1) return -1;
      if (inFlight[best] + 1 <= bound) return best;
      scores[best] = -1;
    }
  }
}

/**
 * How many usable pools the key ranks above pool `index`: after `choose` returned `index`, the pools it
 * passed over because they were at the load bound. Computed from its arguments alone, so explaining a
 * choice needs nothing left behind by an earlier call.
 */
export function passedOver(ring: PoolRing, keyHash: number, index: number, usable?: ArrayLike<number>): number {
  const chosen = ring.score(keyHash, index);
  let count = 0;
  for (let i = 0; i < ring.size; i++) {
    if (i === index || (usable && !usable[i])) continue;
    const score = ring.score(keyHash, i);
    if (score > chosen || (score === chosen && i < index)) count++;
  }
  return count;
}

/** One bounded-load choice by key, for callers that hold plain arrays. */
export function choosePool(
  ring: PoolRing,
  key: string,
  inFlight: ArrayLike<number>,
  epsilon: number,
  usable?: ArrayLike<number>,
): string | undefined {
  const index = ring.choose(hashString(key), inFlight, epsilon, usable);
  return index === -1 ? undefined : ring.poolIds[index];
}
