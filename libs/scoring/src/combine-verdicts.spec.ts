import { resultCodec } from '@switchyard/contracts';
import { combineVerdicts, scoreResult } from './combine-verdicts';
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
