import { decodeJob, InvalidJobError } from './validate-job';
import { DecodeError, jobCodec, resultCodec } from './codec';

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

  it('fills absent fields with defaults so every consumer sees the same shape', () => {
    const result = resultCodec.decode(resultCodec.encode({ jobId: 'j1' }));
    expect(result).toMatchObject({ jobId: 'j1', output: '', costUsd: 0, attempt: 0, metadata: {} });
  });

  it('raises DecodeError for bytes that are not a message', () => {
    expect(() => jobCodec.decode(Buffer.from([0xff, 0xff, 0xff]))).toThrow(DecodeError);
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
    expect(() => decodeJob(jobCodec.encode({ id: 'j', tenant: 't', attachments: [{ mimeType: 'png' }] }))).toThrow(/attachments\[0\]\.mime_type/);
  });

  it('rejects min_quality above 1', () => {
    expect(() => decodeJob(jobCodec.encode({ id: 'j', tenant: 't', prompt: 'x', preferences: { minQuality: 2 } }))).toThrow(/preferences\.minQuality/);
  });
});
