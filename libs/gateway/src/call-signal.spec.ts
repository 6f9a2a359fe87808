import { callSignal } from './call-signal';

describe('callSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires at the deadline when it comes before the model timeout, and says so', () => {
    const now = Date.now();
    const call = callSignal(undefined, now + 100, 1_000, now);
    jest.advanceTimersByTime(99);
    expect(call.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(call.cause()).toBe('deadline');
    expect((call.signal.reason as Error).name).toBe('TimeoutError');
  });

  it('fires at the model timeout when no earlier deadline applies', () => {
    const call = callSignal(undefined, 0, 50);
    jest.advanceTimersByTime(50);
    expect(call.cause()).toBe('timeout');
  });

  it("fires at once on the caller's cancel, as an AbortError, and stops listening once disposed", () => {
    const caller = new AbortController();
    const call = callSignal(caller.signal, 0, 1_000);
    caller.abort();
    expect(call.cause()).toBe('cancelled');
    expect((call.signal.reason as Error).name).toBe('AbortError');
    const other = new AbortController();
    const disposed = callSignal(other.signal, 0, 1_000);
    disposed.dispose();
    other.abort();
    jest.advanceTimersByTime(2_000);
    expect(disposed.signal.aborted).toBe(false);
  });
});
