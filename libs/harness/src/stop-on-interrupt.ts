/**
 * What a command started must stop again when the command is interrupted, not only when it ends:
 * a SIGINT or SIGTERM ends a Node process at once, skipping every `finally`, and the Kafka and Redis
 * that scripts/infra.sh starts run in sessions of their own, so nothing else would stop them.
 * Each resource that needs stopping registers here while it runs; on the first signal they are
 * stopped newest first and the process exits with the signal's conventional status.
 */
type Stop = () => Promise<void>;

const stops: Stop[] = [];
const EXIT_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;
let interrupted = false;

function onSignal(signal: keyof typeof EXIT_STATUS): void {
  if (interrupted) return;
  interrupted = true;
  process.stderr.write(`${signal}: stopping what this command started\n`);
  void (async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => process.stderr.write(`while stopping: ${error instanceof Error ? error.message : String(error)}\n`));
    }
    process.exit(EXIT_STATUS[signal]);
  })();
}

/** Runs `stop` if the process is interrupted before the returned function is called (which forgets it). */
export function stopOnInterrupt(stop: Stop): () => void {
  if (stops.length === 0 && !interrupted) {
    for (const signal of Object.keys(EXIT_STATUS) as (keyof typeof EXIT_STATUS)[]) {
      if (process.listenerCount(signal) === 0) process.once(signal, onSignal);
    }
  }
  stops.push(stop);
  return () => {
    const at = stops.indexOf(stop);
    if (at >= 0) stops.splice(at, 1);
  };
}
