/**
 * The readiness check `scripts/infra.sh up` runs after starting servers, and that anyone can run
 * against servers of their own:
 *   tsx tools/infra/wait-ready.ts --kafka 127.0.0.1:9092 [--kafka-log <broker log>] [--expect-brokers 3]
 *                                 [--redis redis://127.0.0.1:6379] [--timeout 120000] [--hard-timeout 600000]
 * Exits 0 once everything named answers; 1 with the last error (and the broker log's tail) otherwise.
 * While the broker's log still grows the broker is still starting (a busy machine), so `--timeout`
 * is extended, up to `--hard-timeout`.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { waitForKafkaReady } from '@switchyard/messaging';
import { waitForRedisReady } from './redis-readiness';

const say = (msg: string) => console.log(`infra: ${msg}`);

/** The running broker's own "Kafka version: x" start-up line (the last one: restarts append). */
function versionFromBrokerLog(logFile: string): string | undefined {
  try {
    const matches = [...readFileSync(logFile, 'utf8').matchAll(/Kafka version: (\S+)/g)];
    return matches.at(-1)?.[1];
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kafka: { type: 'string' },
      'kafka-log': { type: 'string' },
      'expect-brokers': { type: 'string', default: '1' },
      redis: { type: 'string' },
      timeout: { type: 'string', default: '120000' },
      'hard-timeout': { type: 'string', default: '600000' },
    },
  });
  const timeoutMs = Number(values.timeout);
  const hardTimeoutMs = Number(values['hard-timeout']);
  const verbose = (msg: string) => process.env.INFRA_VERBOSE && say(msg);
  if (values.kafka) {
    const started = Date.now();
    const brokers = values.kafka.split(',');
    const logFile = values['kafka-log'];
    const attempt = (ms: number) => waitForKafkaReady({ brokers, timeoutMs: ms, minBrokers: Number(values['expect-brokers']), log: verbose });
    const ready = await extendWhileLogGrows(attempt, { timeoutMs, hardTimeoutMs, logFile });
    const version = (values['kafka-log'] && versionFromBrokerLog(values['kafka-log'])) ?? ready.brokerVersion ?? 'unknown';
    say(
      `Kafka ${values.kafka} ready (metadata, transactional send, group read) in ${seconds(started)} s: ` +
        `Kafka ${version}, ${ready.brokers} broker(s), controller ${ready.controllerId ?? 'unknown'}`,
    );
  }
  if (values.redis) {
    const started = Date.now();
    const { version } = await waitForRedisReady({ url: values.redis, timeoutMs, log: verbose });
    say(`Redis ${values.redis} ready in ${seconds(started)} s: Redis ${version}`);
  }
}

/** How long a broker's log may stay quiet before a starting broker counts as stuck. */
const QUIET_MS = 30_000;

/**
 * Runs `attempt` with the soft timeout, then again in QUIET_MS slices while the broker's log has
 * grown during the last slice, until the hard timeout. Failing, it adds the log's last lines.
 */
async function extendWhileLogGrows<T>(
  attempt: (timeoutMs: number) => Promise<T>,
  options: { timeoutMs: number; hardTimeoutMs: number; logFile?: string },
): Promise<T> {
  const started = Date.now();
  let size = logSize(options.logFile);
  let sliceMs = options.timeoutMs;
  for (;;) {
    try {
      return await attempt(sliceMs);
    } catch (error) {
      const grown = logSize(options.logFile);
      const advancing = grown > size;
      size = grown;
      const left = started + options.hardTimeoutMs - Date.now();
      if (advancing && left > 0) {
        say(`Kafka not ready after ${seconds(started)} s, but its log is still advancing: waiting on (up to ${options.hardTimeoutMs / 1000} s in all)`);
        sliceMs = Math.min(QUIET_MS, left);
        continue;
      }
      const why = advancing ? `the hard limit of ${options.hardTimeoutMs} ms passed` : `its log did not grow for the last ${(sliceMs / 1000).toFixed(0)} s`;
      throw new Error(`${error instanceof Error ? error.message : String(error)} (tried every 0.5 s: metadata, a transactional send and a consumer-group read through a throwaway topic; gave up after ${seconds(started)} s: ${why})${logTail(options.logFile)}`);
    }
  }
}

function logSize(file: string | undefined): number {
  try {
    return file ? statSync(file).size : 0;
  } catch {
    return 0;
  }
}

function logTail(file: string | undefined, lines = 30): string {
  if (!file) return '';
  try {
    return `\nlast ${lines} lines of ${file}:\n${readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`;
  } catch {
    return '';
  }
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

main().catch((error: unknown) => {
  console.error(`infra: error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
