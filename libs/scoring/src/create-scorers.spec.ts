import type { ModelBackend } from '@switchyard/backends';
import { createScorers } from './create-scorers';

const judge: ModelBackend = {
  modelId: 'judge',
  complete: async () => ({ output: 'Rating: 10', usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop' }),
};

describe('createScorers', () => {
  it('builds the configured scorers in config order', () => {
    expect(createScorers({ scorers: ['nonempty', 'json', 'judge'] }, { judgeBackend: judge }).map((s) => s.name)).toEqual(['nonempty', 'json', 'judge']);
  });

  it('fails at start-up when the judge is configured without a judge model', () => {
    expect(() => createScorers({ scorers: ['judge'] })).toThrow(/scorer\.judgeModel/);
  });
});
