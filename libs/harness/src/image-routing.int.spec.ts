import { resultCodec } from '@switchyard/contracts';
import { jobRecord, mixedJobs } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('image jobs', () => {
  // small-fast reads text only; large-general reads text and images.
  const run = new PipelineRun({ label: 'image', document: pipelineDocument(['by-modality']), brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('routes an image job only to image-capable models, its image sent by reference to the model', async () => {
    const jobs = mixedJobs(30, `${run.prefix}img`).map((job, i) => ({
      ...job,
      reference: null,
      attachments: [{ mimeType: 'image/png', uri: `https://images.example.com/${i}.png` }],
    }));
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 30, results: 30, dlq: 0, lost: 0, duplicates: 0 });
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      expect(result.classification?.modalities).toContain('image');
      expect(result.model).toBe('large-general');
      expect(result.decision?.candidates.find((c) => c.model === 'small-fast')?.rejectedReason).toMatch(/does not accept image input/);
      const n = result.jobId.slice(result.jobId.lastIndexOf('-') + 1);
      expect(result.output).toContain(`[image https://images.example.com/${n}.png]`);
    }
  });

  it('sends a pipeline job down the path of its data type: images to the vision model, text to the routed one', async () => {
    const jobs = pipelineJobs(20, `${run.prefix}path`, ['by-modality']);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 20, results: 20, dlq: 0, lost: 0, duplicates: 0 });
    const stepIds = new Set([...ids].map((id) => `${id}/answer`));
    let images = 0;
    for (const record of run.results(stepIds)) {
      const step = resultCodec.decode(record.value);
      const hasImage = step.classification?.modalities.includes('image');
      expect(step.decision?.route).toBe(hasImage ? 'pipeline/by-modality/answer/switch.cases.image' : 'default');
      if (hasImage) expect(step.model).toBe('large-general');
      if (hasImage) images += 1;
    }
    expect(run.results(stepIds)).toHaveLength(20);
    // pipelineJobs gives every other job an image.
    expect(images).toBe(10);
  });
});
