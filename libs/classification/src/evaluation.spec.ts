import { evaluatePredictor } from './evaluation';
import type { LabelledExample } from './labelled-examples';

describe('evaluatePredictor', () => {
  // Truth/prediction pairs: a→a, a→a, a→b, b→b, b→a, c→c.
  const examples: LabelledExample[] = [
    { text: '1', labels: { head: 'a' } },
    { text: '2', labels: { head: 'a' } },
    { text: '3', labels: { head: 'a' } },
    { text: '4', labels: { head: 'b' } },
    { text: '5', labels: { head: 'b' } },
    { text: '6', labels: { head: 'c', other: 'x' } },
  ];
  const predictions: Record<string, string> = { '1': 'a', '2': 'a', '3': 'b', '4': 'b', '5': 'a', '6': 'c' };
  const evaluation = evaluatePredictor((text) => ({ head: predictions[text] }), { head: ['a', 'b', 'c'] }, examples);

  it('counts true labels by row and predictions by column', () => {
    expect(evaluation.heads.head.labels).toEqual(['a', 'b', 'c']);
    expect(evaluation.heads.head.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('computes accuracy and the unweighted mean of per-label F1', () => {
    expect(evaluation.heads.head.accuracy).toBeCloseTo(4 / 6);
    // F1: a = 2/3 (p 2/3, r 2/3), b = 1/2 (p 1/2, r 1/2), c = 1.
    expect(evaluation.heads.head.macroF1).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 3);
    expect(evaluation.heads.head.perLabel.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  });

  it('lists heads the data has but the classifier does not predict', () => {
    expect(evaluation.unscoredHeads).toEqual(['other']);
  });

  it('adds labels only the data has to the matrix, counted as errors', () => {
    const unseen = evaluatePredictor(() => ({ head: 'a' }), { head: ['a'] }, [{ text: 'x', labels: { head: 'z' } }]);
    expect(unseen.heads.head.labels).toEqual(['a', 'z']);
    expect(unseen.heads.head.accuracy).toBe(0);
  });
});
