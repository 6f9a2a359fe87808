import { resultCodec } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/messaging';
import { jobRecord } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('an audio job through a converter', () => {
  const run = new PipelineRun({ label: 'converter', document: pipelineDocument(['voice-answer']), brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('turns the recording into text with the speech model, then a text model answers the transcript', async () => {
    const jobs = pipelineJobs(20, `${run.prefix}voice`, ['voice-answer']);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 20, results: 20, dlq: 0, lost: 0, duplicates: 0 });
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      const [transcribe, answer] = result.steps;
      expect(transcribe.step).toBe('transcribe');
      expect(transcribe.model).toBe('speech-to-text');
      const n = result.jobId.slice(result.jobId.lastIndexOf('-') + 1);
      expect(transcribe.output).toContain(`[audio s3://switchyard-demo/questions/q-${n}.wav]`);
      expect(answer.step).toBe('answer');
      expect(['small-fast', 'large-general']).toContain(answer.model);
    }
    // The answer step's job carried text only: the text models took it, and it was classified as text.
    const answerSteps = run.results(new Set([...ids].map((id) => `${id}/answer`))).map((r) => resultCodec.decode(r.value));
    expect(answerSteps).toHaveLength(20);
    for (const step of answerSteps) expect(step.classification?.modalities).toEqual(['text']);
  });

  it('dead-letters an audio job sent straight to text models, naming the modality', async () => {
    const [job] = pipelineJobs(1, `${run.prefix}no-converter`, ['voice-answer']);
    const direct = { ...job, pipeline: '', prompt: 'What is asked here?' };
    await run.publisher.publish([jobRecord(direct, run.topics)]);
    const ids = new Set([direct.id ?? '']);
    expect(await run.settle(ids, 60_000)).toMatchObject({ results: 0, dlq: 1, lost: 0, duplicates: 0 });
    const [dead] = run.deadLetters(ids);
    expect(dead.headers[HEADERS.dlqError]).toMatch(/does not accept audio input/);
  });
});
