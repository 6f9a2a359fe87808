import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './service-process';
import { stopOnInterrupt } from './stop-on-interrupt';

export interface LocalInfra {
  brokers: string[];
  redisUrl: string;
  /** Stops what this call started (nothing when the servers were already there). */
  release(): Promise<void>;
}

interface InfraState {
  kafka: { brokers: string[]; nodes: { alive: boolean; pid: number | null }[] } | null;
  kafkaCluster: { brokers: string[]; nodes: { id: number; alive: boolean; pid: number | null }[] } | null;
  redis: { url: string; alive: boolean; pid: number | null } | null;
}

const SCRIPT = path.join(REPO_ROOT, 'scripts/infra.sh');

/** What scripts/infra.sh says runs now. */
export function infraState(): InfraState {
  return JSON.parse(execFileSync('bash', [SCRIPT, 'status', '--json'], { encoding: 'utf8' })) as InfraState;
}

/** Runs one scripts/infra.sh command (e.g. `kill-node 2`), its output on stderr. */
export function infraCommand(...args: string[]): void {
  execFileSync('bash', [SCRIPT, ...args], { stdio: ['ignore', process.stderr, process.stderr] });
}

/**
 * Kafka and Redis for the demo, benchmarks, the chaos harness and the integration tests: the
 * servers named by KAFKA_BROKERS (or KAFKA_CLUSTER_BROKERS for three nodes) and REDIS_URL when set;
 * otherwise the local ones from scripts/infra.sh, started here when they are not running, and
 * stopped by release(), or by an interrupt (SIGINT, SIGTERM) before it. `infra.sh up` itself stops
 * what it started when it fails, so a failed start leaves nothing either.
 */
export async function ensureLocalInfra(options: { nodes?: 1 | 3; log?: (message: string) => void } = {}): Promise<LocalInfra> {
  const nodes = options.nodes ?? 1;
  const configured = nodes === 3 ? process.env.KAFKA_CLUSTER_BROKERS : process.env.KAFKA_BROKERS;
  if (configured) {
    return { brokers: configured.split(','), redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', release: async () => undefined };
  }
  const pick = (state: InfraState) => (nodes === 3 ? state.kafkaCluster : state.kafka);
  const before = infraState();
  const wasUp = Boolean(pick(before)?.nodes.every((n) => n.alive)) && Boolean(before.redis?.alive);
  // `down --brokers N` leaves Redis running; when nothing ran before us, stop everything we started.
  const nothingRan = ![before.kafka, before.kafkaCluster].some((k) => k?.nodes.some((n) => n.alive)) && !before.redis?.alive;
  const stop = async () => {
    if (nothingRan) infraCommand('down');
    else if (!wasUp) infraCommand('down', '--brokers', String(nodes));
  };
  // infraCommand blocks, so a signal during `up` is handled once it returns; infra.sh's own trap
  // has then already stopped what it started, and stop() finds nothing more to do.
  const forgetInterrupt = wasUp ? () => undefined : stopOnInterrupt(stop);
  if (!wasUp) {
    options.log?.(`starting local Kafka (${nodes} node${nodes > 1 ? 's' : ''}) and Redis with scripts/infra.sh`);
    try {
      infraCommand('up', '--brokers', String(nodes));
    } catch (error) {
      forgetInterrupt();
      throw error;
    }
  }
  const after = infraState();
  const kafka = pick(after);
  if (!kafka || !after.redis) throw new Error('scripts/infra.sh up finished but status shows no Kafka or Redis; see .infra/ logs');
  return {
    brokers: kafka.brokers,
    redisUrl: process.env.REDIS_URL ?? after.redis.url,
    release: async () => {
      forgetInterrupt();
      await stop();
    },
  };
}
