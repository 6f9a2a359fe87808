import { oracleScores, qualityCurve, summarizeBySource, summarizeRouting } from './routing-metrics';

// q_weak = 0.5, q_strong = 0.75: A and B only strong right, C both, D only weak.
const PROMPTS = [
  { weakCorrect: false, strongCorrect: true, weakCostUsd: 1, strongCostUsd: 10 },
  { weakCorrect: false, strongCorrect: true, weakCostUsd: 1, strongCostUsd: 10 },
  { weakCorrect: true, strongCorrect: true, weakCostUsd: 1, strongCostUsd: 10 },
  { weakCorrect: true, strongCorrect: false, weakCostUsd: 1, strongCostUsd: 10 },
];
const withScores = (scores: number[]) => PROMPTS.map((p, i) => ({ ...p, score: scores[i] }));

describe('summarizeRouting', () => {
  it('gives the oracle ordering PGR 0, 1, 2, 2, 1 and APGR 1.2', () => {
    const summary = summarizeRouting(withScores(oracleScores(PROMPTS)));
    expect(summary.curve.pgr).toEqual([0, 1, 2, 2, 1]);
    expect(summary).toMatchObject({ n: 4, qWeak: 0.5, qStrong: 0.75, cpt50: 0.25, cpt80: 0.25 });
    expect(summary.apgr).toBeCloseTo(1.2, 10);
  });

  it('gives the reversed ordering APGR −0.2 and needs every strong call to reach 50%', () => {
    const summary = summarizeRouting(withScores(oracleScores(PROMPTS).map((s) => -s)));
    expect(summary.curve.pgr).toEqual([0, -1, -1, 0, 1]);
    expect(summary.apgr).toBeCloseTo(-0.2, 10);
    expect(summary.cpt50).toBe(1);
  });

  it('treats a constant score as random routing: a straight line and APGR exactly 0.5', () => {
    const summary = summarizeRouting(withScores([3, 3, 3, 3]));
    expect(summary.curve.pgr).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(summary.apgr).toBe(0.5);
    expect(summary.cpt50).toBe(0.5);
    expect(summary.cpt80).toBe(1);
  });

  it('takes tied prompts in expectation instead of in input order', () => {
    // A and D tie on top (expected gain 0 each), B and C below (0.5 each).
    expect(summarizeRouting(withScores([1, 0, 0, 1])).curve.pgr).toEqual([0, 0, 0, 0.5, 1]);
  });
});

describe('qualityCurve', () => {
  it('costs every prompt at the weak price at share 0 and at the strong price at share 1', () => {
    const { costUsd, shares } = qualityCurve(withScores([4, 3, 2, 1]));
    expect(shares).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(costUsd).toEqual([4, 13, 22, 31, 40]);
  });

  it('refuses an empty set', () => {
    expect(() => qualityCurve([])).toThrow(/no prompts/);
  });
});

describe('summarizeBySource', () => {
  it("scores each source's prompts on their own curve, keyed in name order", () => {
    const items = [...withScores(oracleScores(PROMPTS)), ...withScores([0, 0, 0, 0])];
    const bySource = summarizeBySource(items, ['mmlu', 'mmlu', 'mmlu', 'mmlu', 'gsm8k', 'gsm8k', 'gsm8k', 'gsm8k']);
    expect(Object.keys(bySource)).toEqual(['gsm8k', 'mmlu']);
    expect(bySource.mmlu.apgr).toBeCloseTo(1.2, 10);
    expect(bySource.gsm8k.apgr).toBeCloseTo(0.5, 10);
    expect(bySource.gsm8k.n).toBe(4);
  });

  it('refuses sources that do not line up with the prompts', () => {
    expect(() => summarizeBySource(withScores([1, 2, 3, 4]), ['a'])).toThrow(/4 prompts but 1 sources/);
  });
});
