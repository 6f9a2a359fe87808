import pino from 'pino';
import { CONTENT_TYPES, resultCodec } from '@switchyard/contracts';
import { createKafka, HEADERS, TopicReader } from '@switchyard/messaging';
import { startScriptedUpstream, type ScriptedUpstream } from './testing/scripted-upstream';
import { startSyncRouterFixture, type SyncRouterFixture } from './testing/sync-router-fixture';

const acme = { tenant: 'acme', admin: false };

describe('the synchronous path as the router wires it, on real Redis and Kafka', () => {
  let upstream: ScriptedUpstream;
  let f: SyncRouterFixture;
  let reader: TopicReader;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    f = await startSyncRouterFixture(upstream.url, { resultsJsonMirror: true });
    reader = new TopicReader(createKafka({ brokers: f.config.kafka.brokers, clientId: 'sync-router-reader', logger: pino({ level: 'silent' }) }), [f.topics.results, f.topics.resultsJson]);
    await reader.start();
  });

  afterAll(async () => {
    await reader?.close();
    await f?.close();
    await upstream?.close();
  });

  it("keeps the best-of-k answer the scorers rate best, not the cheapest (the job's reference matches the dearer answer)", async () => {
    const result = await f.sync.gateway.complete({ job: { id: 'best-1', prompt: 'Say work', pipeline: 'best-of-two', reference: { text: 'work' } }, caller: acme });
    const branches = result.steps.filter((s) => s.step !== 'best');
    expect(branches.map((s) => [s.step, s.model, s.output, s.scored, s.score])).toEqual([
      ['a', 'main', 'abc', true, 0],
      ['b', 'worked', 'work', true, 1],
    ]);
    expect(branches[0].costUsd).toBeLessThan(branches[1].costUsd);
    expect(result.steps.find((s) => s.step === 'best')).toMatchObject({ picked: 'b', score: 1 });
    expect(result).toMatchObject({ jobId: 'best-1', model: 'pipeline/best-of-two', output: 'work' });
  });

  it('publishes each synchronous result on the results topic and again as proto3 JSON on the mirror', async () => {
    await f.sync.gateway.complete({ job: { id: 'mirror-1', prompt: 'hi' }, caller: acme });
    await f.sync.gateway.complete({ job: { id: 'mirror-2', prompt: 'hi', pipeline: 'best-of-two' }, caller: acme });
    const ids = ['mirror-1', 'mirror-2', 'mirror-2/a', 'mirror-2/b'];
    const on = (topic: string) => reader.records.filter((r) => r.topic === topic && ids.includes(r.key ?? ''));
    await reader.waitUntil(() => on(f.topics.results).length === ids.length && on(f.topics.resultsJson).length === ids.length, 30_000);
    const protobuf = new Map(on(f.topics.results).map((r) => [r.key, resultCodec.toJson(r.value)]));
    for (const mirrored of on(f.topics.resultsJson)) {
      expect(mirrored.headers[HEADERS.contentType]).toBe(CONTENT_TYPES.json);
      expect(JSON.parse(mirrored.value.toString('utf8'))).toEqual(JSON.parse(protobuf.get(mirrored.key)!));
    }
    expect(JSON.parse(protobuf.get('mirror-2')!)).toMatchObject({ jobId: 'mirror-2', model: 'pipeline/best-of-two' });
  });
});
