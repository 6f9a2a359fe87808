import { completeJob, type Attachment, type Job } from '@switchyard/contracts';

/** A decoded Job with every field present, as the codec yields it, for classifier tests. */
export function testJob(prompt: string, attachments: Pick<Attachment, 'mimeType'>[] = []): Job {
  return completeJob({ id: 'job-1', tenant: 'acme', prompt, attachments: attachments.map((a) => ({ mimeType: a.mimeType })) });
}
