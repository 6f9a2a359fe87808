import { budgetWindowId, minuteElapsed, minuteOf } from './windows';

describe('time windows', () => {
  const at = Date.parse('2025-11-24T03:59:45.000Z');

  it('names the UTC hour, day and month a moment falls in', () => {
    expect(budgetWindowId('hour', at)).toBe('hour:2025-11-24T03');
    expect(budgetWindowId('day', at)).toBe('day:2025-11-24');
    expect(budgetWindowId('month', at)).toBe('month:2025-11');
  });

  it('rolls the window over at the boundary', () => {
    const nextHour = Date.parse('2025-11-24T04:00:00.000Z');
    expect(budgetWindowId('hour', nextHour - 1)).not.toBe(budgetWindowId('hour', nextHour));
    expect(budgetWindowId('day', nextHour)).toBe(budgetWindowId('day', at));
  });

  it('splits time into fixed minutes and tells how far into one it is', () => {
    expect(minuteOf(at + 15_000)).toBe(minuteOf(at) + 1);
    expect(minuteElapsed(at)).toBeCloseTo(0.75);
  });
});
