import { createHash } from 'node:crypto';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs internals have no typed entry point */
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch(batch: object): Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => unknown;
const RecordBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{ records: { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> }[] }>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Records at the edges of the encoding: no key, string and Buffer values, repeated and non-ASCII headers, lengths either side of a varint byte and of the encoder's first 512-byte buffer. */
function edgeRecords(): object[] {
  const sizes = [0, 1, 127, 128, 500, 511, 512, 513, 16_383, 16_384, 70_000];
  return sizes.map((size, i) => ({
    offsetDelta: i,
    timestampDelta: i * 1_000,
    key: i % 3 === 0 ? null : Buffer.from(`key-${i}`),
    value: i % 2 === 0 ? Buffer.alloc(size, i) : 'é'.repeat(Math.ceil(size / 2)),
    headers: { 'sy-job-id': `job-${i}`, tenant: 'ünïcödé', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', repeated: ['a', 'bb', Buffer.from([0, 255])], empty: '' },
  }));
}

async function encodedBatch(): Promise<Buffer> {
  const records = edgeRecords().map((r) => Record(r));
  const { buffer } = await RecordBatch({ compression: 0, firstOffset: '0', firstTimestamp: 1_764_000_000_000, maxTimestamp: 1_764_000_010_000, producerId: 4242, producerEpoch: 3, firstSequence: 17, transactional: true, records });
  return buffer;
}

/**
 * patches/kafkajs+2.2.4.patch makes kafkajs encode a record without a Buffer per
 * varint and per header (2.5x faster); the bytes it writes must not change.
 * The digest is of the batch unpatched kafkajs 2.2.4 wrote for these records.
 */
describe('kafkajs record encoding (patched)', () => {
  it('writes the same bytes as kafkajs 2.2.4', async () => {
    const batch = await encodedBatch();
    expect(batch.length).toBe(106_870);
    expect(createHash('sha256').update(batch).digest('hex')).toBe('83777c9f802dc1cd07f5162e092cf69c62b23893980799ef2e48a2b2a0014543');
  });

  it('decodes back to the records it was given', async () => {
    const decoded = await RecordBatchDecoder(new Decoder(await encodedBatch()));
    const given = edgeRecords() as { key: Buffer | null; value: Buffer | string }[];
    expect(decoded.records).toHaveLength(given.length);
    decoded.records.forEach((record, i) => {
      expect(record.key).toEqual(given[i].key);
      expect(record.value).toEqual(Buffer.from(given[i].value));
      expect(record.headers.tenant).toEqual(Buffer.from('ünïcödé'));
      expect(record.headers.repeated).toEqual([Buffer.from('a'), Buffer.from('bb'), Buffer.from([0, 255])]);
    });
  });
});
