import { deadLetterRecord, withinSizeLimit } from './dead-letter';
import { HEADERS } from './headers';
import { BATCH_OVERHEAD_BYTES, DEFAULT_MAX_MESSAGE_BYTES, fitsAlone, recordBytes, splitIntoBatches } from './record-size';

const source = { topic: 'switchyard.jobs', partition: 2, offset: '41', key: 'acme', headers: { [HEADERS.jobId]: 'j1', [HEADERS.tenant]: 'acme' } };
const tooLarge = Object.assign(new Error('the record for switchyard.jobs.classified would be too large'), { code: 'RECORD_TOO_LARGE' });

describe('deadLetterRecord', () => {
  it('keeps the original value and says where it came from and why', () => {
    const record = deadLetterRecord('dlq', source, Buffer.from('bad'), 'classifier', Object.assign(new Error('tenant: is required'), { code: 'INVALID_JOB' }));
    expect(record.value).toEqual(Buffer.from('bad'));
    expect(record.headers).toMatchObject({
      [HEADERS.jobId]: 'j1',
      [HEADERS.dlqOriginalTopic]: 'switchyard.jobs',
      [HEADERS.dlqOriginalPartition]: '2',
      [HEADERS.dlqOriginalOffset]: '41',
      [HEADERS.dlqStage]: 'classifier',
      [HEADERS.dlqErrorCode]: 'INVALID_JOB',
      [HEADERS.dlqError]: 'tenant: is required',
    });
    expect(record.headers[HEADERS.dlqValueCutFrom]).toBeUndefined();
  });

  it('cuts a value a few bytes under the broker limit so the dead letter fits, keeping the reason and the original length', () => {
    const value = Buffer.alloc(DEFAULT_MAX_MESSAGE_BYTES - 100, 0x61);
    const record = deadLetterRecord('dlq', source, value, 'classifier', tooLarge);
    expect(fitsAlone(record, DEFAULT_MAX_MESSAGE_BYTES)).toBe(true);
    expect(record.headers[HEADERS.dlqValueCutFrom]).toBe(String(value.length));
    expect(record.headers[HEADERS.dlqErrorCode]).toBe('RECORD_TOO_LARGE');
    expect(record.value.equals(value.subarray(0, record.value.length))).toBe(true);
    expect(record.value.length).toBeGreaterThan(value.length - 1_000);
  });

  it('drops all but the job headers when the source headers alone would not fit', () => {
    const bulky = { ...source, headers: { ...source.headers, junk: 'x'.repeat(DEFAULT_MAX_MESSAGE_BYTES) } };
    const record = deadLetterRecord('dlq', bulky, Buffer.from('v'), 'router', tooLarge);
    expect(fitsAlone(record, DEFAULT_MAX_MESSAGE_BYTES)).toBe(true);
    expect(record.headers.junk).toBeUndefined();
    expect(record.headers[HEADERS.jobId]).toBe('j1');
  });
});

describe('withinSizeLimit', () => {
  const target = { dlqTopic: 'dlq', stage: 'router', maxMessageBytes: 10_000 };

  it('passes a record that fits and dead-letters one that would not, with the source value', () => {
    const small = { topic: 'out', key: 'k', value: Buffer.alloc(9_000), headers: {} };
    expect(withinSizeLimit(small, source, () => Buffer.from('in'), target)).toBe(small);
    const encodeSource = jest.fn(() => Buffer.from('in'));
    withinSizeLimit(small, source, encodeSource, target);
    expect(encodeSource).not.toHaveBeenCalled();
    const big = withinSizeLimit({ ...small, value: Buffer.alloc(10_000) }, source, () => Buffer.from('in'), target);
    expect(big).toMatchObject({ topic: 'dlq', value: Buffer.from('in') });
    expect(big.headers[HEADERS.dlqErrorCode]).toBe('RECORD_TOO_LARGE');
    expect(big.headers[HEADERS.dlqError]).toMatch(/record for out would be a 100\d\d-byte record batch, over the broker's limit of 10000 bytes/);
  });
});

describe('record sizes', () => {
  it('count a record as the broker does: length-prefixed key, value and headers', () => {
    // attributes 1 + deltas (budgeted 15) + key 1+1 + value 1+3 + header count 1 + header 1+1+1+1 = 27 body bytes, 1 length byte.
    expect(recordBytes({ key: 'k', value: Buffer.from('abc'), headers: { h: 'v' } })).toBe(28);
    expect(recordBytes({ key: null, value: Buffer.alloc(0), headers: {} })).toBe(1 + 1 + 15 + 1 + 1 + 1);
  });

  it('split one partition’s records into batches that each fit, in order', () => {
    const records = [6_000, 3_000, 3_000, 9_000, 10].map((n, i) => ({ key: String(i), value: Buffer.alloc(n), headers: {} }));
    const batches = splitIntoBatches(records, 10_000);
    expect(batches.map((b) => b.map((r) => r.key))).toEqual([['0', '1'], ['2'], ['3', '4']]);
    for (const batch of batches) expect(BATCH_OVERHEAD_BYTES + batch.reduce((sum, r) => sum + recordBytes(r), 0)).toBeLessThanOrEqual(10_000);
  });
});

describe('a dead letter of a record without a job id header', () => {
  it('carries the job id the error read from the value', () => {
    const anonymous = { ...source, headers: {} };
    const error = Object.assign(new Error('tenant: is required'), { code: 'INVALID_JOB', jobId: 'from-json' });
    expect(deadLetterRecord('dlq', anonymous, Buffer.from('{}'), 'classifier', error).headers[HEADERS.jobId]).toBe('from-json');
    expect(deadLetterRecord('dlq', source, Buffer.from('{}'), 'classifier', error).headers[HEADERS.jobId]).toBe('j1');
    expect(deadLetterRecord('dlq', anonymous, Buffer.from('{}'), 'classifier', new Error('x')).headers[HEADERS.jobId]).toBeUndefined();
  });
});
