/**
 * Deterministic randomness keyed by content, not by call order: the same (seed, model, job, attempt)
 * always draws the same numbers, however many calls run concurrently or in which order.
 */

/** FNV-1a over the parts, separated so ("ab","c") and ("a","bc") differ. */
export function hashKey(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part}\u0000`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

/** Mulberry32: a tiny, fast PRNG with good enough statistics for simulation. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** z of the 95th percentile of a standard normal. */
const Z95 = 1.6448536269514722;

/**
 * A log-normal latency with the given median and 95th percentile:
 * ln(latency) ~ N(ln(median), σ) with σ = (ln(p95) − ln(median)) / z95.
 */
export function logNormalLatency(medianMs: number, p95Ms: number, random: () => number): number {
  if (medianMs <= 0) return 0;
  const sigma = p95Ms > medianMs ? (Math.log(p95Ms) - Math.log(medianMs)) / Z95 : 0;
  return medianMs * Math.exp(sigma * standardNormal(random));
}
