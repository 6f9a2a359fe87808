import { configSchema } from '@switchyard/config';
import { jobCodec } from '@switchyard/contracts';
import { createScorers, scoreOutput } from '@switchyard/scoring';
import { toCompletionRequest } from './completion-request';
import { createBackend } from './create-backend';

const defaultScorers = createScorers({ scorers: ['reference', 'regex', 'json', 'nonempty'] });

describe('scoring simulated answers end to end', () => {
  it('gives the simulated model a mean reference score close to its configured quality', async () => {
    const model = configSchema.parse({
      models: [{ id: 'sim', provider: 'simulated', pricing: { inputUsdPerMTok: 0, outputUsdPerMTok: 0 }, contextWindow: 4096, simulated: { latencyMedianMs: 0, quality: { math: 0.7 } } }],
      pools: [{ id: 'p', model: 'sim' }],
      routing: { routes: { default: { policy: 'random' } } },
    }).models[0];
    const backend = createBackend(model);
    const signal = new AbortController().signal;
    let total = 0;
    for (let i = 0; i < 2_000; i++) {
      const job = jobCodec.decode(jobCodec.encode({ id: `job-${i}`, tenant: 't', prompt: 'What is 6*7?', reference: { text: '42' }, classification: { taskType: 'math' } }));
      const completion = await backend.complete(toCompletionRequest(job), { signal });
      const score = await scoreOutput(defaultScorers, { output: completion.output, finishReason: completion.finishReason, reference: job.reference, metadata: {}, taskType: 'math' });
      total += score?.quality ?? Number.NaN;
    }
    expect(total / 2_000).toBeCloseTo(0.7, 1);
  });
});
