import { fields } from './keys';
import { parseScoreStats } from './score-stats';

describe('parseScoreStats', () => {
  it('groups fields by model and task type and derives the Beta evidence', () => {
    const hash = {
      [fields.score('m', 'code', 'count')]: '4',
      [fields.score('m', 'code', 'qualitySum')]: '3',
      [fields.score('m', 'code', 'qualitySumSq')]: '2.5',
      [fields.score('m', 'code', 'costUsdSum')]: '0.04',
      [fields.score('m', 'code', 'latencyMsSum')]: '800',
      [fields.score('m', 'all', 'count')]: '1',
      [fields.score('m', 'all', 'qualitySum')]: '0.25',
      'stray-field': '9',
    };
    expect(parseScoreStats(hash)).toEqual([
      { model: 'm', taskType: 'all', count: 1, qualitySum: 0.25, qualitySumSq: 0, costUsdSum: 0, latencyMsSum: 0, alpha: 0.25, beta: 0.75 },
      { model: 'm', taskType: 'code', count: 4, qualitySum: 3, qualitySumSq: 2.5, costUsdSum: 0.04, latencyMsSum: 800, alpha: 3, beta: 1 },
    ]);
  });
});
