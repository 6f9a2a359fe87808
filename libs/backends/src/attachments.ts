import type { CompletionAttachment, CompletionMessage } from './completion';
import { BackendError } from './classify-error';

/** The attachment's bytes as base64 (empty when it has only a URI). */
export function base64Of(attachment: CompletionAttachment): string {
  return Buffer.from(attachment.data ?? new Uint8Array()).toString('base64');
}

/** Providers here take images only; anything else would be silently dropped, so it fails instead. */
export function assertImage(attachment: CompletionAttachment, provider: string): void {
  if (!attachment.mimeType.startsWith('image/')) {
    throw new BackendError('UNSUPPORTED_ATTACHMENT', `the ${provider} backend sends only image attachments (got ${attachment.mimeType})`);
  }
}

/**
 * Where attachments go: the last user message (the turn they belong to),
 * or -1 when there is none and a new user message must carry them.
 */
export function attachmentTurn(messages: CompletionMessage[]): number {
  return messages.map((m) => m.role).lastIndexOf('user');
}
