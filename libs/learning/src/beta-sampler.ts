/**
 * Seeded Gamma and Beta draws for Thompson sampling. Gamma by Marsaglia and
 * Tsang, "A Simple Method for Generating Gamma Variables" (ACM TOMS 26(3),
 * 2000); Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 */

/** Uniform draws in [0, 1), e.g. `mulberry32(seed)` from @switchyard/hashing. */
export type UniformSource = () => number;

/** A standard normal draw by Box–Muller (the second value is dropped to keep the sampler stateless). */
export function sampleStandardNormal(random: UniformSource): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, 1) draw; shape must be > 0. */
export function sampleGamma(shape: number, random: UniformSource): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`sampleGamma: shape must be a finite number > 0 (got ${shape})`);
  // Shapes below 1 are boosted by one and scaled back: Gamma(a) = Gamma(a + 1) · U^(1/a).
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleStandardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw; both parameters must be > 0. */
export function sampleBeta(alpha: number, beta: number, random: UniformSource): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  // Both draws can underflow to 0 for tiny shapes; the mean is the honest answer then.
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
}
