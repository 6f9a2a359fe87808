/** How often the open-loop sender looks at its schedule when nothing is due. */
const TICK_MS = 10;

/**
 * Sends `count` items at `ratePerSecond` on a fixed schedule (an open loop): item i is due at
 * start + i / rate, whatever happened to earlier items. Items go out in one `send` per look at the
 * schedule: everything due by then, so the items that fell due while a send was still committing go
 * together in the next one, as a producer's linger would batch them, and the offered rate never drops.
 * Each item's due time (epoch ms) is passed along so a latency counts from when it should have left,
 * not from when a busy sender got to it.
 */
export async function sendOnSchedule(count: number, ratePerSecond: number, send: (first: number, dueAtMs: number[]) => Promise<void>): Promise<void> {
  const started = Date.now();
  const dueAt = (i: number) => Math.round(started + (i * 1000) / ratePerSecond);
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.floor(((Date.now() - started) / 1000) * ratePerSecond) + 1);
    if (due > sent) {
      await send(sent, Array.from({ length: due - sent }, (_, j) => dueAt(sent + j)));
      sent = due;
    } else await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}
