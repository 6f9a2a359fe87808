import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shape scripts/infra.sh writes to .infra/state.json (rebuilt from its pid files on every change). */
export interface InfraState {
  kafka: KafkaDeployment | null;
  kafkaCluster: KafkaDeployment | null;
  redis: { url: string; owned: boolean; pid: number | null; alive: boolean; log?: string } | null;
}

export interface KafkaDeployment {
  brokers: string[];
  version: string | null;
  owned: boolean;
  nodes: { id: number; broker: string; controller: string; pid: number | null; alive: boolean; log: string }[];
}

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const INFRA_STATE_FILE = join(REPO_ROOT, '.infra', 'state.json');
export const INFRA_SCRIPT = join(REPO_ROOT, 'scripts', 'infra.sh');

export function readInfraState(file = INFRA_STATE_FILE): InfraState | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as InfraState;
}

/** True when every node of a deployment still runs (the state file may predate a crash). */
export function isRunning(deployment: KafkaDeployment | null | undefined): deployment is KafkaDeployment {
  return !!deployment && deployment.nodes.length > 0 && deployment.nodes.every((n) => n.pid !== null && processAlive(n.pid));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface LocalServers {
  kafkaBrokers: string[];
  redisUrl: string;
  /** The 3-node cluster from `npm run infra:up -- --brokers 3`, when it runs. */
  clusterBrokers?: string[];
  /** Where each address came from, for the log line that says which servers the tests use. */
  source: { kafka: string; redis: string };
}

export const DEFAULT_KAFKA_BROKERS = ['127.0.0.1:9092'];
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Explicit environment first, then what `npm run infra:up` started, then the usual local ports. */
export function localServers(env: NodeJS.ProcessEnv, state: InfraState | undefined): LocalServers {
  const fromEnv = (name: string) => env[name]?.split(',').map((b) => b.trim()).filter(Boolean);
  const kafka = fromEnv('KAFKA_BROKERS')
    ? { brokers: fromEnv('KAFKA_BROKERS')!, source: 'KAFKA_BROKERS' }
    : state?.kafka
      ? { brokers: state.kafka.brokers, source: INFRA_STATE_FILE }
      : { brokers: DEFAULT_KAFKA_BROKERS, source: 'default' };
  const redis = env.REDIS_URL
    ? { url: env.REDIS_URL, source: 'REDIS_URL' }
    : state?.redis
      ? { url: state.redis.url, source: INFRA_STATE_FILE }
      : { url: DEFAULT_REDIS_URL, source: 'default' };
  const clusterBrokers = fromEnv('KAFKA_CLUSTER_BROKERS') ?? (isRunning(state?.kafkaCluster) ? state.kafkaCluster.brokers : undefined);
  return { kafkaBrokers: kafka.brokers, redisUrl: redis.url, clusterBrokers, source: { kafka: kafka.source, redis: redis.source } };
}
