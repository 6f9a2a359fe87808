import { feedbackToScore, InvalidFeedbackError } from './feedback';

const feedback = { jobId: 'job-1', model: 'gpt', taskType: 'code', quality: 0.25, comment: 'meh', tenant: 'acme' };

describe('feedbackToScore', () => {
  it('turns user feedback into a feedback score', () => {
    expect(feedbackToScore(feedback)).toEqual({
      jobId: 'job-1',
      model: 'gpt',
      taskType: 'code',
      quality: 0.25,
      scorer: 'feedback',
      costUsd: 0,
      latencyMs: 0,
      components: { feedback: 0.25 },
      tenant: 'acme',
    });
  });

  it.each([1.5, -0.1, Number.NaN])('rejects quality %d, naming the field', (quality) => {
    expect(() => feedbackToScore({ ...feedback, quality })).toThrow(InvalidFeedbackError);
    expect(() => feedbackToScore({ ...feedback, quality })).toThrow(/^quality: must be a number between 0 and 1/);
  });

  it('rejects feedback without a job id', () => {
    expect(() => feedbackToScore({ ...feedback, jobId: '' })).toThrow(expect.objectContaining({ field: 'job_id' }));
  });
});
