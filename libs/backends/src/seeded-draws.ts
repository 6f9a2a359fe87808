/**
 * Deterministic randomness keyed by content, not by call order: the same (seed, model, job, attempt)
 * always draws the same numbers, however many calls run concurrently or in which order.
 */
import { FNV1A_OFFSET, fnv1a } from '@switchyard/hashing';

/** FNV-1a over the parts, separated so ("ab","c") and ("a","bc") differ. */
export function hashKey(...parts: (string | number)[]): number {
  let hash = FNV1A_OFFSET;
  for (const part of parts) hash = fnv1a(`${part}\u0000`, hash);
  return hash >>> 0;
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
