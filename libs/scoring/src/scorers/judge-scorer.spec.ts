import type { ScoringInput } from '../scorer';
import { judgeScorer, parseJudgeRating, type JudgeModel } from './judge-scorer';

const input: ScoringInput = {
  jobId: 'job-1',
  output: 'Paris is the capital of France.',
  finishReason: 'stop',
  reference: { text: 'Paris', regex: '', jsonSchema: '' },
  metadata: {},
  taskType: 'factual_qa',
  prompt: 'What is the capital of France?',
};

/** A judge model that replies with fixed text and records what it was asked. */
function fakeJudge(reply: string): JudgeModel & { requests: Parameters<JudgeModel['complete']>[0][] } {
  const requests: Parameters<JudgeModel['complete']>[0][] = [];
  return {
    modelId: 'fake-judge',
    requests,
    async complete(request) {
      requests.push(request);
      return { output: reply };
    },
  };
}

describe('parseJudgeRating', () => {
  it.each([
    ['Rating: 8', 8],
    ['rating = **7**', 7],
    ['The answer is mostly right. Rating: 6. On reflection, Rating: 9', 9],
    ['I would give it 7/10.', 7],
    ['7 out of 10', 7],
    ['10', 10],
    ['Rating: 7.5', 7.5],
  ])('reads %j as %d', (reply, rating) => {
    expect(parseJudgeRating(reply)).toBe(rating);
  });

  it.each(['I cannot rate this.', 'Rating: 0', 'Rating: 11', 'There are 3 issues and 2 typos.'])('finds no rating in %j', (reply) => {
    expect(parseJudgeRating(reply)).toBeNull();
  });
});

describe('judge scorer', () => {
  it('maps the rating 1..10 onto quality 0..1', async () => {
    await expect(judgeScorer(fakeJudge('Rating: 10')).score(input)).resolves.toEqual({ quality: 1, detail: 'judge fake-judge rated 10/10' });
    await expect(judgeScorer(fakeJudge('Rating: 1')).score(input)).resolves.toMatchObject({ quality: 0 });
    await expect(judgeScorer(fakeJudge('Rating: 4')).score(input)).resolves.toMatchObject({ quality: 1 / 3 });
  });

  it('shows the judge the question, the reference and the answer, fenced as data', async () => {
    const judge = fakeJudge('Rating: 9');
    await judgeScorer(judge).score(input);
    const [system, user] = judge.requests[0].messages;
    expect(system.role).toBe('system');
    expect(user.content).toContain('<question>\nWhat is the capital of France?\n</question>');
    expect(user.content).toContain('<reference_answer>\nParis\n</reference_answer>');
    expect(user.content).toContain('<answer>\nParis is the capital of France.\n</answer>');
  });

  it('cuts long answers to bound the judge cost', async () => {
    const judge = fakeJudge('Rating: 5');
    await judgeScorer(judge, { maxAnswerChars: 10 }).score({ ...input, output: 'x'.repeat(1_000) });
    expect(judge.requests[0].messages[1].content).toContain(`${'x'.repeat(10)}\n[answer cut here]`);
    expect(judge.requests[0].messages[1].content).not.toContain('x'.repeat(11));
  });

  it('abstains on an empty answer or a reply without a rating', async () => {
    const judge = fakeJudge('Rating: 5');
    await expect(judgeScorer(judge).score({ ...input, output: ' ' })).resolves.toBeNull();
    expect(judge.requests).toHaveLength(0);
    await expect(judgeScorer(fakeJudge('no comment')).score(input)).resolves.toBeNull();
  });

  it('lets a failure of the judge model propagate, so the caller can retry or skip', async () => {
    const failure = Object.assign(new Error('judge unavailable'), { code: 'SIMULATED_FAILURE', retryable: true });
    const failing: JudgeModel = { modelId: 'judge', complete: async () => Promise.reject(failure) };
    await expect(judgeScorer(failing).score(input)).rejects.toBe(failure);
  });
});
