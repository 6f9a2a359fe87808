/**
 * Reading the answer out of a model's text, for comparison with a reference.
 *
 * - `normaliseAnswer`: Unicode NFKC, lower case, whitespace collapsed, surrounding quotes,
 *   markdown emphasis and trailing sentence punctuation removed.
 * - `finalChoice`: the multiple-choice letter (A–J) an answer settles on: the last
 *   "answer is X" / "Answer: (X)"; else an answer that is, or whose last line is, a bare
 *   letter ("B", "(B)", "B.", "B) ulna"); else the last parenthesised letter "(B)".
 *   Only capitals count, so the article "a" is never read as choice A.
 * - `finalNumber`: the number an answer settles on: after the last GSM8K "####" marker,
 *   else after the last "answer is" / "answer:", else the last number in the text.
 *   Thousands separators, "$" and "%" are ignored.
 */

export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'`*_]+/, '')
    .replace(/[\s"'`*_.!?;:]+$/, '');
}

const CHOICE_AFTER_ANSWER = /[Aa]nswer(?:\s+is)?\s*[:=]?\s*(?:[Oo]ption\s+)?\**\(?([A-J])\)?\**(?![A-Za-z0-9])/g;
const BARE_CHOICE = /^\s*\**\(?([A-J])(?:\)|[.:]|\**\s*$)/;
const PARENTHESISED_CHOICE = /\(([A-J])\)/g;

function lastMatch(pattern: RegExp, text: string): string | undefined {
  let last: string | undefined;
  for (const match of text.matchAll(pattern)) last = match[1];
  return last;
}

export function finalChoice(text: string): string | null {
  const lines = text.trim().split('\n').filter((line) => line.trim() !== '');
  return (
    lastMatch(CHOICE_AFTER_ANSWER, text) ??
    BARE_CHOICE.exec(text)?.[1] ??
    (lines.length > 1 ? BARE_CHOICE.exec(lines[lines.length - 1])?.[1] : undefined) ??
    lastMatch(PARENTHESISED_CHOICE, text) ??
    null
  );
}

/** A reference that is only a choice letter ("B", "(b)", "B."), as its capital; else null. */
export function referenceChoice(reference: string): string | null {
  const match = /^\s*\(?([A-Ja-j])\)?\.?\s*$/.exec(reference);
  return match ? match[1].toUpperCase() : null;
}

const NUMBER = /-?\d[\d,]*(?:\.\d+)?|-?\.\d+/g;

function toNumber(token: string): number {
  return Number(token.replace(/,/g, ''));
}

function lastNumber(text: string): number | null {
  const tokens = text.match(NUMBER);
  return tokens ? toNumber(tokens[tokens.length - 1]) : null;
}

export function finalNumber(text: string): number | null {
  const marker = text.lastIndexOf('####');
  if (marker >= 0) {
    const first = text.slice(marker + 4).match(NUMBER);
    if (first) return toNumber(first[0]);
  }
  const phrases = [...text.matchAll(/answer(?:\s+is)?\s*[:=]?/gi)];
  if (phrases.length > 0) {
    const last = phrases[phrases.length - 1];
    const first = text.slice((last.index ?? 0) + last[0].length).match(NUMBER);
    if (first) return toNumber(first[0]);
  }
  return lastNumber(text);
}

/** A reference that is only a number ("42", "$1,200", "12.5%", "#### 7"), as a number; else null. */
export function referenceNumber(reference: string): number | null {
  const bare = reference.trim().replace(/^#+\s*/, '').replace(/[$%\s]/g, '').replace(/,/g, '');
  if (!/^-?(?:\d+(?:\.\d+)?|\.\d+)$/.test(bare)) return null;
  return Number(bare);
}

/** Numbers equal up to floating-point noise (relative 1e-6). */
export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}
