import type { Attachment, Job } from '@switchyard/contracts';

/** A decoded Job with every field present, as the codec yields it, for classifier tests. */
export function testJob(prompt: string, attachments: Pick<Attachment, 'mimeType'>[] = []): Job {
  return {
    id: 'job-1',
    tenant: 'acme',
    messages: [],
    prompt,
    attachments: attachments.map((a) => ({ mimeType: a.mimeType, data: Buffer.alloc(0), uri: '', name: '' })),
    preferences: null,
    affinityKey: '',
    metadata: {},
    deadlineUnixMs: 0,
    attempt: 0,
    route: '',
    reference: null,
    createdUnixMs: 0,
    maxOutputTokens: 0,
    classification: null,
    decision: null,
    triedModels: [],
    lastError: null,
  };
}
