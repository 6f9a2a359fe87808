/**
 * Fixed time windows, all in UTC so every replica agrees on where a window
 * starts whatever its time zone.
 */

export type BudgetWindow = 'hour' | 'day' | 'month';

const MINUTE_MS = 60_000;

/** The fixed minute window `now` falls in (Unix minutes). */
export function minuteOf(now: number): number {
  return Math.floor(now / MINUTE_MS);
}

/** Share of the current minute already gone, 0..1. */
export function minuteElapsed(now: number): number {
  return (now - minuteOf(now) * MINUTE_MS) / MINUTE_MS;
}

/**
 * Names the budget window `now` falls in, e.g. "day:2025-11-24",
 * "hour:2025-11-24T03", "month:2025-11". Spend is kept per tenant with the
 * name of its window; a different name means the window has rolled over.
 */
export function budgetWindowId(window: BudgetWindow, now: number): string {
  const iso = new Date(now).toISOString();
  switch (window) {
    case 'hour':
      return `hour:${iso.slice(0, 13)}`;
    case 'day':
      return `day:${iso.slice(0, 10)}`;
    case 'month':
      return `month:${iso.slice(0, 7)}`;
  }
}
