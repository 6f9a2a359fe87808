import { jobRecord } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('pipelines under SIGKILL', () => {
  const run = new PipelineRun({ label: 'pipeline-kill', document: pipelineDocument(['enhance-then-answer', 'best-of-3']), brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  async function survives(victim: 'model-worker' | 'pipeline-advancer', count: number) {
    const jobs = pipelineJobs(count, `${run.prefix}${victim}`, ['enhance-then-answer', 'best-of-3']);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    const publishing = (async () => {
      for (let i = 0; i < jobs.length; i += 200) await run.publisher.publish(jobs.slice(i, i + 200).map((job) => jobRecord(job, run.topics)));
    })();
    await run.reader.waitUntil(() => run.results(ids).length >= count / 3, 180_000);
    const [instance] = run.pipeline.instances(victim);
    await instance.stop('SIGKILL');
    instance.start();
    await publishing;
    return run.settle(ids, 240_000);
  }

  it('leaves exactly one result per pipeline job when a worker is SIGKILLed mid-run and restarted', async () => {
    expect(await survives('model-worker', 1_500)).toMatchObject({ jobs: 1_500, results: 1_500, lost: 0, duplicates: 0 });
  });

  it('leaves exactly one result per pipeline job when the pipeline advancer is SIGKILLed mid-run and restarted', async () => {
    expect(await survives('pipeline-advancer', 1_500)).toMatchObject({ jobs: 1_500, results: 1_500, lost: 0, duplicates: 0 });
  });
});
