import { createScorers } from './create-scorers';
import type { JudgeModel } from './scorers/judge-scorer';

const judge: JudgeModel = { modelId: 'judge', complete: async () => ({ output: 'Rating: 10' }) };

describe('createScorers', () => {
  it('builds the configured scorers in config order', () => {
    expect(createScorers({ scorers: ['nonempty', 'json', 'judge'] }, { judgeBackend: judge }).map((s) => s.name)).toEqual(['nonempty', 'json', 'judge']);
  });

  it('fails at start-up when the judge is configured without a judge model', () => {
    expect(() => createScorers({ scorers: ['judge'] })).toThrow(/scorer\.judgeModel/);
  });
});
