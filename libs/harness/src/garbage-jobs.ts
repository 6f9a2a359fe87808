import { randomBytes } from 'node:crypto';
import { CONTENT_TYPES, jobCodec, type JobInput } from '@switchyard/contracts';
import { HEADERS, jobHeaders, type OutboundRecord, type TopicNames } from '@switchyard/messaging';

/** The kinds of bad input the chaos harness mixes into the jobs topic, one after another. */
export const GARBAGE_KINDS = ['random-bytes', 'truncated-protobuf', 'json-wrong-types', 'wrong-content-type', 'huge-prompt', 'unknown-model', 'reused-id'] as const;
export type GarbageKind = (typeof GARBAGE_KINDS)[number];

/** A prompt of about 1 MB: the job fits the broker's limit on its own, what the classifier adds to it does not. */
const HUGE_PROMPT_BYTES = 1_000_000;

export interface Garbage {
  /** One id per piece of garbage; each must end in the DLQ or with its one result. */
  ids: string[];
  records: OutboundRecord[];
}

function validJob(id: string, prompt: string): JobInput {
  return { id, tenant: 'demo', prompt, affinityKey: id, createdUnixMs: Date.now() };
}

function record(topics: TopicNames, id: string, value: Buffer, contentType?: string): OutboundRecord {
  const headers = jobHeaders({ id, tenant: 'demo', attempt: 0, deadlineUnixMs: 0 });
  if (contentType) headers[HEADERS.contentType] = contentType;
  return { topic: topics.jobs, key: id, value, headers };
}

/** The records for one piece of garbage of `kind` under job id `id`. */
function garbageOf(kind: GarbageKind, id: string, topics: TopicNames): OutboundRecord[] {
  switch (kind) {
    case 'random-bytes':
      return [record(topics, id, randomBytes(64))];
    case 'truncated-protobuf': {
      const whole = jobCodec.encode(validJob(id, `Translate to French: the cut job ${id}`));
      return [record(topics, id, whole.subarray(0, 1 + Math.floor(Math.random() * (whole.length - 1))))];
    }
    case 'json-wrong-types':
      return [record(topics, id, Buffer.from(JSON.stringify({ id, tenant: 7, prompt: ['not', 'a', 'string'], deadlineUnixMs: 'soon' })), CONTENT_TYPES.json)];
    case 'wrong-content-type':
      return [record(topics, id, jobCodec.encode(validJob(id, 'Say hello.')), 'text/csv')];
    case 'huge-prompt':
      return [record(topics, id, jobCodec.encode(validJob(id, 'x'.repeat(HUGE_PROMPT_BYTES))))];
    case 'unknown-model':
      return [record(topics, id, jobCodec.encode({ ...validJob(id, 'Say hello.'), route: 'no-such-model-or-route' }))];
    case 'reused-id':
      return [record(topics, id, jobCodec.encode(validJob(id, 'What is 2 plus 2?'))), record(topics, id, jobCodec.encode(validJob(id, 'A different question under the same id.')))];
  }
}

/** `count` pieces of bad input, the kinds in turn, ids prefixed by the run. */
export function garbageJobs(count: number, runId: string, topics: TopicNames): Garbage {
  const ids: string[] = [];
  const records: OutboundRecord[] = [];
  for (let i = 0; i < count; i++) {
    const kind = GARBAGE_KINDS[i % GARBAGE_KINDS.length];
    const id = `${runId}-garbage-${kind}-${i}`;
    ids.push(id);
    records.push(...garbageOf(kind, id, topics));
  }
  return { ids, records };
}
