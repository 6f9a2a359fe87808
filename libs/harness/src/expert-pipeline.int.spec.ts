import { resultCodec } from '@switchyard/contracts';
import { jobRecord } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('an expert route by domain', () => {
  const run = new PipelineRun({ label: 'experts', document: pipelineDocument(['experts-by-domain']), brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('answers law questions with the law expert and medicine questions with the medicine expert', async () => {
    const jobs = pipelineJobs(30, `${run.prefix}experts`, ['experts-by-domain']);
    const general = { ...pipelineJobs(1, `${run.prefix}general`, ['experts-by-domain'])[0], prompt: 'Suggest a name for a goldfish.' };
    await run.publisher.publish([...jobs, general].map((job) => jobRecord(job, run.topics)));
    const ids = new Set([...jobs, general].map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 31, results: 31, dlq: 0, lost: 0, duplicates: 0 });
    const byDomain = new Map<string, Set<string>>();
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      const domain = result.classification?.domain ?? '';
      const [answer] = result.steps;
      if (!byDomain.has(domain)) byDomain.set(domain, new Set());
      byDomain.get(domain)!.add(answer.model);
    }
    expect(byDomain.get('law')).toEqual(new Set(['law-expert']));
    expect(byDomain.get('medicine')).toEqual(new Set(['medicine-expert']));
    const others = [...byDomain].filter(([domain]) => domain !== 'law' && domain !== 'medicine').flatMap(([, models]) => [...models]);
    expect(others.length).toBeGreaterThan(0);
    for (const model of others) expect(['small-fast', 'large-general']).toContain(model);
  });
});
