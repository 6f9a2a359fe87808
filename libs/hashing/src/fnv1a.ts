/**
 * FNV-1a, 32 bits, over the UTF-16 code units of a string: the one stable string hash every lib
 * uses (pool rings, feature hashing, content-keyed draws, id splits). Specification:
 * https://datatracker.ietf.org/doc/html/draft-eastlake-fnv
 */

// Bound once: inside a vm context (the jest sandbox) every `Math.` lookup goes
// through the context's global interceptor and costs ~30× the multiply itself.
const imul = Math.imul;

export const FNV1A_OFFSET = 0x811c9dc5;
const FNV1A_PRIME = 0x01000193;

/** One step of FNV-1a: mixes one 32-bit unit (a char code, a separator) into the state. */
export function fnv1aStep(state: number, unit: number): number {
  return imul(state ^ unit, FNV1A_PRIME);
}

/**
 * FNV-1a over `text[start, end)` continuing from `state` (the offset basis by default).
 * The result is a signed 32-bit state: finish it with `>>> 0` or `fmix32`.
 */
export function fnv1a(text: string, state: number = FNV1A_OFFSET, start = 0, end: number = text.length): number {
  let h = state;
  for (let i = start; i < end; i++) h = imul(h ^ text.charCodeAt(i), FNV1A_PRIME);
  return h;
}
