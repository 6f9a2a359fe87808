import { MODALITIES, type Modality } from '@switchyard/config';
import { CHARS_PER_TOKEN, estimateTextTokens, type Attachment, type Job } from '@switchyard/contracts';

/**
 * What a job carries that needs no model: its input modalities and a token
 * estimate. Both classifiers report these the same way.
 */


// Documents a text model reads as text once extracted.
const TEXT_LIKE_MIME = /^(text\/|application\/(json|xml|pdf|x-yaml|yaml|csv)\b)/i;

export function attachmentModality(attachment: Pick<Attachment, 'mimeType'>): Modality | undefined {
  const mime = attachment.mimeType.toLowerCase();
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  if (TEXT_LIKE_MIME.test(mime)) return 'text';
  return undefined;
}

/** The distinct input modalities of a job, in the order text, image, audio, video. */
export function inputModalities(text: string, attachments: readonly Pick<Attachment, 'mimeType'>[]): Modality[] {
  const present = new Set<Modality>();
  if (text.trim().length > 0) present.add('text');
  for (const attachment of attachments) {
    const modality = attachmentModality(attachment);
    if (modality) present.add(modality);
  }
  return MODALITIES.filter((m) => present.has(m));
}

/**
 * Tokens a model is charged for one non-text attachment, whose duration or
 * resolution is unknown here: an image at OpenAI's high-detail 1024×1024
 * rate, about a minute of audio, and a short clip of video frames.
 */
export const ATTACHMENT_TOKENS: Readonly<Record<Exclude<Modality, 'text'>, number>> = { image: 765, audio: 1_500, video: 5_000 };

/** Input tokens of a job: its text at CHARS_PER_TOKEN, text attachments by size, media at ATTACHMENT_TOKENS. */
export function estimateTokens(text: string, attachments: readonly Pick<Attachment, 'mimeType' | 'data'>[]): number {
  let tokens = estimateTextTokens(text);
  for (const attachment of attachments) {
    const modality = attachmentModality(attachment);
    if (modality === 'text') tokens += Math.ceil((attachment.data?.length ?? 0) / CHARS_PER_TOKEN);
    else if (modality) tokens += ATTACHMENT_TOKENS[modality];
  }
  return tokens;
}

/** The parts of a job every classifier fills in the same way. */
export function jobSignals(job: Pick<Job, 'attachments'>, text: string): { modalities: Modality[]; estimatedTokens: number } {
  return { modalities: inputModalities(text, job.attachments), estimatedTokens: estimateTokens(text, job.attachments) };
}
