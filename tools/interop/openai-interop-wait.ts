/** Waiting by asking, for the OpenAI interop tests. */

/** Asks `condition` every 50 ms until it holds; fails after `timeoutMs` naming what it waited for. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Repeats a call until it succeeds: the router's API listens before its first snapshot shows its own
 * direct pools live, and until then it answers 503 (no live pool), as it should.
 */
export async function waitUntilServing(call: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    try {
      await call();
      return;
    } catch (error) {
      if (Date.now() > giveUp) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
