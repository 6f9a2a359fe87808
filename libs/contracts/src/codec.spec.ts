import { isDeepStrictEqual } from 'node:util';
import { decodeJob, decodeJobAs, InvalidJobError, UnsupportedContentTypeError } from './validate-job';
import { Proto3JsonError } from './proto-json';
import protobuf from 'protobufjs';
import { DecodeError, jobCodec, resultCodec } from './codec';
import { PROTO_FILES, PROTO_ROOT } from './proto-files';

/** A job using every kind of field, each string long enough that a clamped read would still look plausible. */
const FULL_JOB = {
  id: 'job-truncation-1',
  tenant: 'acme',
  messages: [
    { role: 'system', content: 'You answer in one short sentence.' },
    { role: 'user', content: 'Summarise the quarterly report in plain words, please.' },
  ],
  attachments: [{ mimeType: 'image/png', data: Buffer.from([1, 2, 3, 4, 5, 6]), name: 'chart.png' }],
  preferences: { maxCostUsd: 0.01, minQuality: 0.8 },
  metadata: { session: 's1', source: 'batch' },
  deadlineUnixMs: 1_764_000_000_000,
  maxOutputTokens: 256,
};

/** The fields of `decoded` that are neither as in `full` nor absent; lists keep a prefix, maps a subset. */
function fieldsWholeOrAbsent(decoded: Record<string, unknown>, full: Record<string, unknown>, empty: Record<string, unknown>): string[] {
  return Object.keys(full).filter((key) => {
    const [d, f] = [decoded[key], full[key]];
    if (Array.isArray(f)) return !(Array.isArray(d) && d.length <= f.length && d.every((item, i) => isDeepStrictEqual(item, f[i])));
    if (key === 'metadata') return !Object.entries(d as object).every(([k, v]) => (f as Record<string, string>)[k] === v);
    return !isDeepStrictEqual(d, f) && !isDeepStrictEqual(d, empty[key]);
  });
}

describe('the proto codec', () => {
  it('round-trips a job with nested messages, maps and int64 fields as numbers', () => {
    const bytes = jobCodec.encode({
      id: 'j1',
      tenant: 'acme',
      messages: [{ role: 'user', content: 'hi' }],
      attachments: [{ mimeType: 'image/png', data: Buffer.from([1, 2, 3]) }],
      preferences: { maxCostUsd: 0.01, minQuality: 0.8 },
      metadata: { session: 's1' },
      deadlineUnixMs: 1_764_000_000_000,
    });
    const job = jobCodec.decode(bytes);
    expect(job.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(Buffer.from(job.attachments[0].data)).toEqual(Buffer.from([1, 2, 3]));
    expect(job.preferences?.minQuality).toBeCloseTo(0.8);
    expect(job.metadata).toEqual({ session: 's1' });
    expect(job.deadlineUnixMs).toBe(1_764_000_000_000);
    expect(job.classification).toBeNull();
  });

  it('encodes plain objects to the bytes protobufjs gives the same message converted by fromObject', () => {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => `${PROTO_ROOT}/${target}`;
    root.loadSync([...PROTO_FILES], { keepCase: false });
    const viaFromObject = (typeName: string, message: object) => {
      const type = root.lookupType(`switchyard.v1.${typeName}`);
      return Buffer.from(type.encode(type.fromObject(message)).finish());
    };
    const decision = {
      model: 'm1',
      pool: 'p1',
      reasons: ['utility: best'],
      candidates: [{ model: 'm1', score: 0.68, predictedQuality: 0.85, predictedCostUsd: 0.0033, eligible: true, rejectedReason: '' }],
      fallbacks: [{ model: 'm2', pool: 'p2' }],
      decidedUnixMs: 1_764_000_000_123,
      reservation: { model: 'm1', tokens: 300, costUsd: 0.5, minute: 29_400_000, budgetWindow: 'day:2026-12-02', tenant: 'acme' },
    };
    const classification = { taskType: 'code', modalities: ['text'], estimatedTokens: 300, confidence: 0.9, taskTypeScores: { code: 0.9, general: 0.1 }, labels: { domain: 'software' } };
    const routed = { ...jobCodec.decode(jobCodec.encode(FULL_JOB)), classification, decision, attempt: 1, triedModels: ['m0'] };
    expect(jobCodec.encode(routed)).toEqual(viaFromObject('Job', routed));
    expect(jobCodec.encode(FULL_JOB)).toEqual(viaFromObject('Job', FULL_JOB));
    const result = { jobId: 'j1', tenant: 'acme', output: 'answer', usage: { inputTokens: 12, outputTokens: 3 }, costUsd: 0.001, decision, classification, completedUnixMs: 1_764_000_000_999, metadata: { k: 'v' } };
    expect(resultCodec.encode(result)).toEqual(viaFromObject('Result', result));
  });

  it('fills absent fields with defaults so every consumer sees the same shape', () => {
    const result = resultCodec.decode(resultCodec.encode({ jobId: 'j1' }));
    expect(result).toMatchObject({ jobId: 'j1', output: '', costUsd: 0, attempt: 0, metadata: {} });
  });

  it('raises DecodeError for bytes that are not a message', () => {
    expect(() => jobCodec.decode(Buffer.from([0xff, 0xff, 0xff]))).toThrow(DecodeError);
  });

  it('never decodes a job cut at any offset into one with a field cut short', () => {
    const bytes = jobCodec.encode(FULL_JOB);
    const full = jobCodec.decode(bytes) as unknown as Record<string, unknown>;
    const empty = jobCodec.decode(new Uint8Array(0)) as unknown as Record<string, unknown>;
    let refused = 0;
    for (let cut = 1; cut < bytes.length; cut++) {
      const prefix = bytes.subarray(0, cut);
      let job;
      try {
        job = jobCodec.decode(prefix);
      } catch (err) {
        expect(err).toBeInstanceOf(DecodeError);
        refused += 1;
        continue;
      }
      // Protobuf has no end marker: a cut that falls exactly between two fields is a
      // well-formed job of fewer fields (the contract's required fields catch most of
      // those). What must never happen is a field read past the cut, so every field
      // that decodes is whole: as sent, or absent.
      expect(fieldsWholeOrAbsent(job as unknown as Record<string, unknown>, full, empty)).toEqual([]);
    }
    expect(refused).toBeGreaterThan(bytes.length * 0.9);
  });
});

describe('decodeJob', () => {
  it('rejects a job without a tenant, naming the field', () => {
    expect(() => decodeJob(jobCodec.encode({ id: 'j1', prompt: 'hi' }))).toThrow(new InvalidJobError('tenant', 'is required'));
  });

  it('rejects a job with nothing to answer', () => {
    expect(() => decodeJob(jobCodec.encode({ id: 'j1', tenant: 't' }))).toThrow(/prompt: a job needs a prompt, messages or attachments/);
  });

  it('rejects an unknown chat role and a malformed MIME type', () => {
    expect(() => decodeJob(jobCodec.encode({ id: 'j', tenant: 't', messages: [{ role: 'robot', content: 'x' }] }))).toThrow(/messages\[0\]\.role/);
    expect(() => decodeJob(jobCodec.encode({ id: 'j', tenant: 't', attachments: [{ mimeType: 'png' }] }))).toThrow(/attachments\[0\]\.mimeType/);
  });

  it('accepts MIME types with parameters', () => {
    expect(decodeJob(jobCodec.encode({ id: 'j', tenant: 't', attachments: [{ mimeType: 'text/plain; charset=utf-8', data: Buffer.from('x') }] })).attachments).toHaveLength(1);
  });

  it('rejects min_quality above 1', () => {
    expect(() => decodeJob(jobCodec.encode({ id: 'j', tenant: 't', prompt: 'x', preferences: { minQuality: 2 } }))).toThrow(/preferences\.minQuality/);
  });
});

describe('decodeJobAs', () => {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('reads the proto3 JSON form of a job, camelCase and original field names alike', () => {
    const job = decodeJobAs(
      json({
        id: 'j1',
        tenant: 'acme',
        messages: [{ role: 'user', content: 'hi' }],
        attachments: [{ mime_type: 'image/png', data: Buffer.from([1, 2, 3]).toString('base64') }],
        preferences: { maxCostUsd: 0.01, min_quality: '0.5' },
        metadata: { session: 's1' },
        deadline_unix_ms: '1764000000000',
        maxOutputTokens: 64,
      }),
      'application/json; charset=utf-8',
    );
    expect(job).toMatchObject({ id: 'j1', tenant: 'acme', messages: [{ role: 'user', content: 'hi' }], metadata: { session: 's1' }, deadlineUnixMs: 1_764_000_000_000, maxOutputTokens: 64 });
    expect(job.preferences).toMatchObject({ maxCostUsd: 0.01, minQuality: 0.5 });
    expect(Buffer.from(job.attachments[0].data)).toEqual(Buffer.from([1, 2, 3]));
    expect(job.attachments[0].mimeType).toBe('image/png');
  });

  it('decodes the same job from protobuf when the header is absent or names protobuf', () => {
    const bytes = jobCodec.encode({ id: 'j1', tenant: 'acme', prompt: 'hi' });
    expect(decodeJobAs(bytes, undefined)).toEqual(decodeJobAs(bytes, 'application/x-protobuf'));
    expect(decodeJobAs(bytes, undefined)).toEqual(decodeJobAs(json({ id: 'j1', tenant: 'acme', prompt: 'hi' }), 'application/json'));
  });

  it('refuses any other content type, naming the header value', () => {
    expect(() => decodeJobAs(json({ id: 'j1' }), 'text/csv')).toThrow(UnsupportedContentTypeError);
    expect(() => decodeJobAs(json({ id: 'j1' }), 'text/csv')).toThrow(/content-type "text\/csv" is not supported/);
  });

  it('names the missing required field of a JSON job', () => {
    expect(() => decodeJobAs(json({ id: 'j1', prompt: 'hi' }), 'application/json')).toThrow(new InvalidJobError('tenant', 'is required'));
  });

  it('names the field of a wrong type as the producer wrote it, instead of coercing it', () => {
    const wrong = (value: object) => () => decodeJobAs(json({ id: 'j1', tenant: 'acme', prompt: 'hi', ...value }), 'application/json');
    expect(wrong({ tenant: 42 })).toThrow(new Proto3JsonError('tenant', 'expected a string, got number 42'));
    expect(wrong({ messages: [{ role: 'user', content: 'a' }, { role: 7, content: 'b' }] })).toThrow(/^messages\[1\]\.role: expected a string/);
    expect(wrong({ max_output_tokens: 'many' })).toThrow(/^max_output_tokens: expected an integer/);
    expect(wrong({ maxOutputTokens: -1 })).toThrow(/^maxOutputTokens: expected an integer from 0/);
    expect(wrong({ preferences: { minQuality: true } })).toThrow(/^preferences\.minQuality: expected a number/);
    expect(wrong({ metadata: { a: 1 } })).toThrow(/^metadata\.a: expected a string/);
    expect(wrong({ messages: { role: 'user' } })).toThrow(/^messages: expected an array/);
    expect(wrong({ tenantId: 'acme' })).toThrow(/^tenantId: is not a field of switchyard\.v1\.Job/);
  });

  it('refuses bytes that are not JSON, and JSON that is not an object', () => {
    expect(() => decodeJobAs(Buffer.from('{"id": "j1",'), 'application/json')).toThrow(DecodeError);
    expect(() => decodeJobAs(json(['j1']), 'application/json')).toThrow(/expected an object, got an array/);
  });
});

describe('the proto3 JSON of a result', () => {
  it('is the mapping other languages parse: camelCase names, int64 as text, defaults left out', () => {
    const text = resultCodec.toJson(resultCodec.encode({ jobId: 'j1', output: 'four', usage: { inputTokens: 3, outputTokens: 1 }, completedUnixMs: 1_764_000_000_000 }));
    expect(JSON.parse(text)).toEqual({ jobId: 'j1', output: 'four', usage: { inputTokens: 3, outputTokens: 1 }, completedUnixMs: '1764000000000' });
  });
});

describe('a refused job', () => {
  it('names its id on the error when it has one, so the dead letter can', () => {
    const caught = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err as { jobId?: string };
      }
      throw new Error('expected a throw');
    };
    expect(caught(() => decodeJobAs(Buffer.from(JSON.stringify({ id: 'j9', prompt: 'hi' })), 'application/json')).jobId).toBe('j9');
    expect(caught(() => decodeJobAs(Buffer.from(JSON.stringify({ id: 'j9', tenant: 7 })), 'application/json')).jobId).toBe('j9');
    expect(caught(() => decodeJob(jobCodec.encode({ id: 'j8', prompt: 'hi' }))).jobId).toBe('j8');
  });
});
