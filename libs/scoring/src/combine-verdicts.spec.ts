import { createBackend, toCompletionRequest } from '@switchyard/backends';
import { configSchema } from '@switchyard/config';
import { jobCodec, resultCodec } from '@switchyard/contracts';
import { combineVerdicts, scoreOutput, scoreResult } from './combine-verdicts';
import { createScorers } from './create-scorers';

const defaultScorers = createScorers({ scorers: ['reference', 'regex', 'json', 'nonempty'] });

describe('combineVerdicts', () => {
  it('takes the minimum of the applicable verdicts and names every scorer', () => {
    expect(
      combineVerdicts([
        { scorer: 'reference', quality: 1, detail: 'matches' },
        { scorer: 'nonempty', quality: 0.5, detail: 'truncated' },
      ]),
    ).toEqual({ quality: 0.5, scorer: 'reference+nonempty', components: { reference: 1, nonempty: 0.5 }, details: { reference: 'matches', nonempty: 'truncated' } });
  });

  it('returns null when no scorer applied', () => {
    expect(combineVerdicts([])).toBeNull();
  });
});

describe('scoreResult', () => {
  it('scores a published result with the scorers that apply to it', async () => {
    const result = resultCodec.decode(
      resultCodec.encode({ jobId: 'j', output: 'The answer is B', finishReason: 'stop', reference: { text: 'B' }, classification: { taskType: 'factual_qa' } }),
    );
    await expect(scoreResult(result, defaultScorers)).resolves.toMatchObject({ quality: 1, scorer: 'reference+nonempty' });
  });

  it('scores a failed result 0', async () => {
    const result = resultCodec.decode(resultCodec.encode({ jobId: 'j', error: { code: 'TIMEOUT', message: 'slow', retryable: true } }));
    await expect(scoreResult(result, defaultScorers)).resolves.toMatchObject({ quality: 0, scorer: 'nonempty' });
  });
});

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
