import { createNoopMeter } from '@opentelemetry/api';
import { HEADERS, type ConsumerLagReader, type OutboundRecord } from '@switchyard/messaging';
import { ServiceMetrics } from '@switchyard/telemetry';
import { consumerLagOf, recordCommittedChunks } from './stage-metrics';

const record = (topic: string, headers: Record<string, string> = {}): OutboundRecord => ({ topic, key: null, value: Buffer.alloc(0), headers });

describe('recordCommittedChunks', () => {
  it("records each consumed record's hop latency and each dead letter by its reason code, nothing else", () => {
    const metrics = new ServiceMetrics(createNoopMeter());
    const hop = jest.spyOn(metrics, 'hopCommitted');
    const dead = jest.spyOn(metrics, 'deadLettered');
    recordCommittedChunks(metrics, 'router', 'sy.dlq')({
      topic: 'sy.jobs.classified',
      writtenUnixMs: [10, 20],
      published: [record('sy.pool.a'), record('sy.dlq', { [HEADERS.dlqErrorCode]: 'LIMIT_EXCEEDED' }), record('sy.dlq')],
    });
    expect(hop).toHaveBeenCalledWith('router', 'sy.jobs.classified', [10, 20]);
    expect(dead.mock.calls).toEqual([
      ['router', 'LIMIT_EXCEEDED'],
      ['router', 'ERROR'],
    ]);
  });
});

describe('consumerLagOf', () => {
  it("reports every stage's groups with their topics' lag", async () => {
    const reader = { lag: async (groupId: string, topics: string[]) => topics.map((topic) => ({ topic, lag: groupId.length })) } as unknown as ConsumerLagReader;
    const read = consumerLagOf(reader, [{ groupId: 'g1', topics: ['a', 'b'] }, { groupId: 'group2', topics: ['c'] }], () => undefined);
    expect(await read()).toEqual([
      { group: 'g1', topic: 'a', lag: 2 },
      { group: 'g1', topic: 'b', lag: 2 },
      { group: 'group2', topic: 'c', lag: 6 },
    ]);
  });

  it('reports no lag (a gap, not a zero) and hands the error on while Kafka cannot answer', async () => {
    const down = new Error('connection refused');
    const reader = { lag: async () => Promise.reject(down) } as unknown as ConsumerLagReader;
    const errors: unknown[] = [];
    expect(await consumerLagOf(reader, [{ groupId: 'g', topics: ['t'] }], (err) => errors.push(err))()).toEqual([]);
    expect(errors).toEqual([down]);
  });
});
