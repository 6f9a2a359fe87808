import { nextFallback } from './fallback';

const decision = { fallbacks: [{ model: 'b', pool: 'pb' }, { model: 'c', pool: 'pc' }] };

describe('nextFallback', () => {
  it('takes the best-ranked fallback whose model has not been tried', () => {
    expect(nextFallback(decision, ['a'], 0, 3)).toEqual({ next: { model: 'b', pool: 'pb' } });
    expect(nextFallback(decision, ['a', 'b'], 1, 3)).toEqual({ next: { model: 'c', pool: 'pc' } });
  });

  it('says why none is left: every fallback tried, or the attempts used up', () => {
    expect(nextFallback(decision, ['a', 'b', 'c'], 2, 5)).toEqual({ why: 'no fallback left' });
    expect(nextFallback(decision, ['a', 'b'], 2, 3)).toEqual({ why: 'attempts exhausted (3)' });
    expect(nextFallback(null, ['a'], 0, 3)).toEqual({ why: 'no fallback left' });
  });
});
