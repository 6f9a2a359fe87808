/**
 * Text of simulated answers: the reference when the draw says "correct", a plausible
 * wrong answer of the same shape when it says "incorrect", filler text when there is no reference.
 */

const CHOICES = 'ABCDEFGHIJ';
const FILLER = ['the', 'model', 'considers', 'this', 'request', 'and', 'answers', 'with', 'a', 'simulated', 'reply', 'of', 'plausible', 'length'];

/** A wrong answer shaped like the reference: another choice letter, another number, or other text. */
export function wrongAnswer(reference: string, random: () => number): string {
  const trimmed = reference.trim();
  const choice = /^\(?([A-J])\)?\.?$/i.exec(trimmed);
  if (choice) {
    const others = CHOICES.slice(0, 4).replace(choice[1].toUpperCase(), '');
    return others[Math.floor(random() * others.length)];
  }
  const number = Number(trimmed.replace(/[,$]/g, ''));
  if (trimmed !== '' && Number.isFinite(number)) return String(number + 1 + Math.floor(random() * 9));
  return `Not ${trimmed}: the simulated model answered wrongly.`;
}

/** Filler words, about 0.75 words a token as in English text. */
export function fillerAnswer(outputTokens: number, random: () => number): string {
  const words = Math.max(1, Math.round(outputTokens * 0.75));
  return Array.from({ length: words }, () => FILLER[Math.floor(random() * FILLER.length)]).join(' ');
}

/**
 * What a simulated model says it was sent: each attachment's modality and
 * reference (or size), so a test or the demo can follow an image or a
 * recording through a pipeline (a simulated transcript names its recording).
 */
export function attachmentNote(attachments: readonly { mimeType: string; uri?: string; data?: Uint8Array }[]): string {
  return attachments.map((a) => `[${a.mimeType.split('/')[0]} ${a.uri || `${a.data?.length ?? 0} bytes`}]`).join(' ');
}
