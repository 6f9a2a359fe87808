import { resultCodec } from '@switchyard/contracts';
import { storedScore } from './stored-score';

const result = resultCodec.decode(resultCodec.encode({ jobId: 'j1', model: 'm', costUsd: 0.25, latencyMs: 40, classification: { taskType: 'math' } }));

describe('storedScore', () => {
  it('keeps a score with evidence of correctness, with the call figures the router learns from', () => {
    expect(storedScore(result, { quality: 0.5, scorer: 'reference+nonempty', components: {}, details: {} })).toEqual({ jobId: 'j1', model: 'm', taskType: 'math', quality: 0.5, costUsd: 0.25, latencyMs: 40 });
  });

  it('stores nothing for an unscored result or a score from the non-empty check alone', () => {
    expect(storedScore(result, null)).toBeNull();
    expect(storedScore(result, { quality: 1, scorer: 'nonempty', components: {}, details: {} })).toBeNull();
  });
});
