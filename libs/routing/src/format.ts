/** Dollar amounts in reasons: cents when ≥ 1 cent, else two significant digits ("$0.0012"). */
export function formatUsd(usd: number): string {
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}
