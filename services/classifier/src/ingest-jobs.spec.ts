import { ROOT_CONTEXT } from '@opentelemetry/api';
import pino from 'pino';
import { completeJob, jobCodec, type Job, type JobInput } from '@switchyard/contracts';
import { HEADERS, topicNames, type InboundMessage, type OutboundRecord } from '@switchyard/messaging';
import type { IncomingJobId, SeenVerdict } from '@switchyard/state';
import { ingestJobs, jobContentHash, type IncomingJob } from './ingest-jobs';

const topics = topicNames('t.');

function message(offset: number, fields: JobInput): InboundMessage<IncomingJob> {
  const bytes = jobCodec.encode(fields);
  return { topic: topics.jobs, partition: 1, offset: String(offset), key: null, headers: {}, value: { job: jobCodec.decode(bytes), bytes }, traceContext: ROOT_CONTEXT };
}

const forward = (taken: InboundMessage<Job>[]): OutboundRecord[] => taken.map((m) => ({ topic: topics.classified, key: m.value.id, value: jobCodec.encode(m.value), headers: { [HEADERS.jobId]: m.value.id } }));

function deps(verdicts: SeenVerdict[], maxMessageBytes = 1_048_588) {
  const calls: IncomingJobId[][] = [];
  const lines: { msg: string; jobId?: string; code?: string; prompt?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return {
    calls,
    lines,
    duplicates: { dropped: 0 },
    markSeen: async (records: IncomingJobId[]) => {
      calls.push(records);
      return verdicts;
    },
    classify: forward,
    deadLetters: { dlqTopic: topics.dlq, stage: 'classifier', maxMessageBytes },
    logger,
  };
}

describe('ingestJobs', () => {
  it('checks a chunk’s ids in one call, forwards first sightings, drops resends and dead-letters an id reused for other content', async () => {
    const d = deps(['first', 'duplicate', 'conflict']);
    const a = message(10, { id: 'a', tenant: 't', prompt: 'secret prompt a' });
    const resend = message(11, { id: 'a', tenant: 't', prompt: 'secret prompt a' });
    const reused = message(12, { id: 'a', tenant: 't', prompt: 'something else' });
    const records = await ingestJobs([a, resend, reused], d);

    expect(d.calls).toEqual([[0, 1, 2].map((i) => ({ jobId: 'a', position: `1:${10 + i}`, contentHash: expect.any(String) }))]);
    expect(records.map((r) => r.topic)).toEqual([topics.classified, topics.dlq]);
    expect(records[1].headers[HEADERS.dlqErrorCode]).toBe('DUPLICATE_JOB_ID');
    expect(records[1].value).toEqual(reused.value.bytes);
    expect(d.duplicates.dropped).toBe(1);
    expect(d.lines.map((l) => [l.msg.split(':')[0], l.jobId, l.code])).toEqual([
      ['duplicate job dropped', 'a', undefined],
      ['job dead-lettered', 'a', 'DUPLICATE_JOB_ID'],
    ]);
    expect(JSON.stringify(d.lines)).not.toContain('secret prompt');
  });

  it('throws, producing nothing, when the seen-ids store cannot answer', async () => {
    const d = { ...deps([]), markSeen: () => Promise.reject(new Error('connect ECONNREFUSED')) };
    await expect(ingestJobs([message(1, { id: 'a', tenant: 't', prompt: 'p' })], d)).rejects.toThrow('ECONNREFUSED');
  });

  it('dead-letters a job whose classified form would outgrow the broker limit, with its original bytes cut to fit', async () => {
    const d = deps(['first', 'first'], 20_000);
    const big = message(1, { id: 'big', tenant: 't', prompt: 'x'.repeat(19_950) });
    const small = message(2, { id: 'small', tenant: 't', prompt: 'hello' });
    const records = await ingestJobs([big, small], { ...d, classify: (taken) => forward(taken).map((r) => ({ ...r, value: Buffer.concat([r.value, Buffer.alloc(200)]) })) });

    expect(records.map((r) => r.topic)).toEqual([topics.dlq, topics.classified]);
    expect(records[0].headers[HEADERS.dlqErrorCode]).toBe('RECORD_TOO_LARGE');
    expect(records[0].headers[HEADERS.dlqError]).toMatch(/over the broker's limit of 20000 bytes \(kafka\.maxMessageBytes\)/);
    expect(d.lines.map((l) => [l.jobId, l.code])).toEqual([['big', 'RECORD_TOO_LARGE']]);
  });
});

describe('jobContentHash', () => {
  it('is the same for a resend with a new creation time or metadata in another order, and differs for other content', () => {
    const job = completeJob({ id: 'a', tenant: 't', prompt: 'p', metadata: { x: '1', y: '2' }, createdUnixMs: 1 });
    expect(jobContentHash({ ...job, createdUnixMs: 2, metadata: { y: '2', x: '1' } })).toBe(jobContentHash(job));
    expect(jobContentHash({ ...job, prompt: 'q' })).not.toBe(jobContentHash(job));
  });
});
