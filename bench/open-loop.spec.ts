import { sendOnSchedule } from './open-loop';

describe('sendOnSchedule', () => {
  it('sends every item once, in order, each stamped with its place on the schedule', async () => {
    const sends: { first: number; dueAtMs: number[] }[] = [];
    await sendOnSchedule(50, 2_000, async (first, dueAtMs) => void sends.push({ first, dueAtMs }));

    const firsts = sends.map((s) => s.first);
    const dueAtMs = sends.flatMap((s) => s.dueAtMs);
    expect(dueAtMs).toHaveLength(50);
    expect(firsts).toEqual(sends.map((_, i) => sends.slice(0, i).reduce((n, s) => n + s.dueAtMs.length, 0)));
    // 2,000 items a second: item i is due i / 2 ms after the first (rounded to whole ms).
    expect(dueAtMs.map((due) => due - dueAtMs[0])).toEqual(Array.from({ length: 50 }, (_, i) => Math.round(i / 2)));
  });

  it('batches the items that fell due while a send was still in flight into the next send', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const slowFirst = new Promise<void>((resolve) => (release = resolve));
    // One item every 10 ms: the first look at the schedule finds only item 0 even when the start is
    // a few milliseconds late on a loaded machine (at one a millisecond, a CI run under load found two).
    const sending = sendOnSchedule(20, 100, async (first, dueAtMs) => {
      sizes.push(dueAtMs.length);
      if (first === 0) await slowFirst;
    });
    // Hold the first send until more than one more item is due.
    await new Promise((resolve) => setTimeout(resolve, 60));
    release();
    await sending;
    expect(sizes[0]).toBe(1);
    expect(sizes[1]).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
  });
});
