import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { ConfigDocument } from '@switchyard/config';
import type { JobInput } from '@switchyard/contracts';
import { closeRedis, connectRedis } from '@switchyard/state';
import { jobRecord } from './job-mix';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function fastModels(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  return doc;
}

/**
 * The pipeline on a Redis of its own (a child redis-server), so the test can
 * freeze it: while the classifier cannot record job ids, it must hold the
 * jobs back (replaying with backoff), not let a resend through unchecked.
 */
describe('ingestion while Redis is unreachable', () => {
  let redis: ChildProcess;
  let run: PipelineRun;

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redisUrl = `redis://127.0.0.1:${port}`;
    await closeRedis(await connectRedis(redisUrl, { readyTimeoutMs: 10_000 }));
    run = new PipelineRun({ label: 'ingest-outage', document: fastModels(), brokers, redisUrl });
    await run.start();
  });

  afterAll(async () => {
    redis?.kill('SIGCONT');
    await run?.stop();
    redis?.kill('SIGKILL');
  });

  it('holds jobs back until Redis answers again, then drops the resend and serves the new job once', async () => {
    const job = (id: string): JobInput => ({ id: `${run.prefix}${id}`, tenant: 'demo', prompt: 'What is 2 plus 2?', affinityKey: `${run.prefix}${id}` });
    const first = job('first');
    const fresh = job('fresh');
    await run.publisher.publish([jobRecord(first, run.topics)]);
    expect(await run.settle(new Set([first.id ?? '']), 120_000)).toMatchObject({ results: 1, lost: 0 });

    const frozenAt = new Date().toISOString();
    redis.kill('SIGSTOP');
    await run.publisher.publish([jobRecord(first, run.topics), jobRecord(fresh, run.topics)]);
    const [classifier] = run.pipeline.instances('classifier');
    const stalled = await classifier.waitForLog((line) => line.msg === 'chunk failed; it will be replayed' && String(line.time) > frozenAt, 60_000);
    expect(String(stalled.err)).toMatch(/timed out|ECONN|Connection|closed/i);
    expect(run.results(new Set([fresh.id ?? '']))).toHaveLength(0);

    redis.kill('SIGCONT');
    expect(await run.settle(new Set([first.id ?? '', fresh.id ?? '']), 180_000)).toMatchObject({ jobs: 2, results: 2, dlq: 0, lost: 0, duplicates: 0 });
    await classifier.waitForLog((line) => line.msg?.toString().startsWith('duplicate job dropped') === true && line.jobId === first.id, 30_000);
  });
});
