import { CLOSED_BREAKER, isEjected, recordOutcome, type BreakerSettings } from './breaker';
import type { BreakerState } from './live-snapshot';

const settings: BreakerSettings = { consecutiveFailures: 3, baseEjectionMs: 1_000, maxEjectionMs: 5_000 };

function fail(state: BreakerState, times: number, now: number): BreakerState {
  for (let i = 0; i < times; i++) state = recordOutcome(state, false, now, settings);
  return state;
}

describe('breaker rule', () => {
  it('ejects after N consecutive failures for the base ejection time', () => {
    const twice = fail(CLOSED_BREAKER, 2, 0);
    expect(isEjected(twice, 0)).toBe(false);
    const thrice = recordOutcome(twice, false, 100, settings);
    expect(thrice).toEqual({ consecutiveFailures: 0, ejections: 1, ejectedUntil: 1_100 });
    expect(isEjected(thrice, 1_099)).toBe(true);
    expect(isEjected(thrice, 1_100)).toBe(false);
  });

  it('doubles the ejection each time the target fails straight after coming back, up to the cap', () => {
    let state: BreakerState = CLOSED_BREAKER;
    let now = 0;
    const durations: number[] = [];
    for (let i = 0; i < 5; i++) {
      state = fail(state, 3, now);
      durations.push(state.ejectedUntil - now);
      now = state.ejectedUntil;
    }
    expect(durations).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('resets the failure run on a success, so interleaved failures never eject', () => {
    let state: BreakerState = CLOSED_BREAKER;
    for (let i = 0; i < 10; i++) state = recordOutcome(fail(state, 2, i), true, i, settings);
    expect(state).toEqual(CLOSED_BREAKER);
  });

  it('does not extend an ejection for failures of calls already in flight', () => {
    const ejected = fail(CLOSED_BREAKER, 3, 0);
    const later = fail(ejected, 5, 500);
    expect(later.ejectedUntil).toBe(ejected.ejectedUntil);
    expect(later.ejections).toBe(1);
  });

  it('forgets past ejections after a success once the ejection is over', () => {
    const ejected = fail(CLOSED_BREAKER, 3, 0);
    expect(recordOutcome(ejected, true, 500, settings).ejections).toBe(1);
    const healed = recordOutcome(ejected, true, 2_000, settings);
    expect(healed.ejections).toBe(0);
    expect(fail(healed, 3, 3_000).ejectedUntil).toBe(4_000);
  });
});
