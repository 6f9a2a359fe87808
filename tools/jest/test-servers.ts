/**
 * Chooses the Kafka and Redis the integration tests talk to, in one place:
 *   1. KAFKA_BROKERS / REDIS_URL when set (any servers the caller names);
 *   2. otherwise, where a Docker engine answers, fresh testcontainers;
 *   3. otherwise the local servers from `npm run infra:up` (.infra/state.json, else the usual ports),
 *      started here with scripts/infra.sh when nothing answers there (the single broker and Redis, and
 *      the 3-node cluster for the fault tests unless SWITCHYARD_TEST_CLUSTER=off), and stopped again by
 *      stop() or by an interrupt.
 * Each is waited for (Kafka: metadata, transactional send, group read; Redis: PING) before tests start.
 */
import { connect } from 'node:net';
import type { StartedTestContainer } from 'testcontainers';
import { ensureLocalInfra, type LocalInfra } from '@switchyard/harness';
import { waitForKafkaReady } from '@switchyard/messaging';
import { isRunning, localServers, readInfraState, type LocalServers } from '../infra/infra-state';
import { waitForRedisReady } from '../infra/redis-readiness';
import type { ChosenServers } from './test-server-env';

export interface TestServers extends ChosenServers {
  kafkaVersion: string;
  redisVersion: string;
  /** Stops what the choice started (the containers); local servers stay for `npm run infra:down`. */
  stop(): Promise<void>;
}

/** Confluent's image ships Apache Kafka: 7.9.x is Kafka 3.9.x, the release the local script runs. */
const KAFKA_IMAGE = process.env.KAFKA_TEST_IMAGE ?? 'confluentinc/cp-kafka:7.9.1';
const REDIS_IMAGE = process.env.REDIS_TEST_IMAGE ?? 'redis:7.0';
const READY_TIMEOUT_MS = 90_000;

export async function chooseTestServers(log: (msg: string) => void): Promise<TestServers> {
  const state = readInfraState();
  const explicit = Boolean(process.env.KAFKA_BROKERS || process.env.REDIS_URL);
  if (!explicit && (await dockerReachable())) return startContainers(log);
  const started = explicit ? [] : await startWhatIsSilent(localServers(process.env, state), log);
  const stop = async () => {
    for (const infra of started.reverse()) await infra.release();
  };
  try {
    return await useLocalServers(explicit, log, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function useLocalServers(explicit: boolean, log: (msg: string) => void, stop: () => Promise<void>): Promise<TestServers> {
  const state = readInfraState();
  const local = localServers(process.env, state);
  const kafkaReady = waitForKafkaReady({ brokers: local.kafkaBrokers, timeoutMs: READY_TIMEOUT_MS }).catch((error: Error) => {
    throw new Error(`${error.message}\nNo Docker engine here and no Kafka at ${local.kafkaBrokers.join(',')}: run \`npm run infra:up\` first.`);
  });
  const redisReady = waitForRedisReady({ url: local.redisUrl, timeoutMs: READY_TIMEOUT_MS }).catch((error: Error) => {
    throw new Error(`${error.message}\nNo Docker engine here and no Redis at ${local.redisUrl}: run \`npm run infra:up\` first.`);
  });
  const [kafka, redis] = await Promise.all([kafkaReady, redisReady]);
  // The state file knows the exact release it started; the protocol only reveals major.minor.
  const kafkaVersion = (local.source.kafka !== 'KAFKA_BROKERS' && state?.kafka?.version) || kafka.brokerVersion || 'unknown';
  if (local.clusterBrokers) {
    await waitForKafkaReady({ brokers: local.clusterBrokers, minBrokers: local.clusterBrokers.length, timeoutMs: READY_TIMEOUT_MS });
  } else if (state?.kafkaCluster && !isRunning(state.kafkaCluster)) {
    log('the 3-node cluster in .infra/state.json is not fully running: KAFKA_CLUSTER_BROKERS left unset');
  }
  return {
    kind: explicit ? 'environment' : 'local',
    kafkaBrokers: local.kafkaBrokers,
    redisUrl: local.redisUrl,
    clusterBrokers: local.clusterBrokers,
    kafkaVersion,
    redisVersion: redis.version,
    stop,
  };
}

/** Starts the local servers (scripts/infra.sh) where nothing answers; returns what it started. */
async function startWhatIsSilent(local: LocalServers, log: (msg: string) => void): Promise<LocalInfra[]> {
  const started: LocalInfra[] = [];
  const [kafkaAnswers, redisAnswers] = await Promise.all([answers(local.kafkaBrokers[0]), answers(local.redisUrl.replace(/^rediss?:\/\//, ''))]);
  if (!kafkaAnswers || !redisAnswers) {
    log(`nothing answers at ${kafkaAnswers ? local.redisUrl : local.kafkaBrokers[0]}: starting the local servers (scripts/infra.sh)`);
    started.push(await ensureLocalInfra({ nodes: 1, log }));
  }
  if (!local.clusterBrokers && process.env.SWITCHYARD_TEST_CLUSTER !== 'off') {
    log('starting the local 3-node Kafka cluster for the fault tests (SWITCHYARD_TEST_CLUSTER=off skips them)');
    started.push(await ensureLocalInfra({ nodes: 3, log }));
  }
  return started;
}

/** Whether a TCP connect to host:port succeeds within a second. */
function answers(hostPort: string): Promise<boolean> {
  const at = hostPort.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = connect({ host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)), timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** testcontainers' own runtime probe (DOCKER_HOST, the sockets, ~/.testcontainers.properties); under a second without Docker. */
async function dockerReachable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  return getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
}

async function startContainers(log: (msg: string) => void): Promise<TestServers> {
  log(`Docker engine found: starting ${KAFKA_IMAGE} and ${REDIS_IMAGE} with testcontainers`);
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { RedisContainer } = await import('@testcontainers/redis');
  const started: StartedTestContainer[] = [];
  const stop = async () => {
    await Promise.all(started.map((c) => c.stop()));
  };
  try {
    const [kafka, redis] = await Promise.all([
      new KafkaContainer(KAFKA_IMAGE)
        .withKraft()
        // The same broker settings as scripts/infra.sh: transactions on one broker, explicit topics.
        .withEnvironment({ KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' })
        .start()
        .then((c) => (started.push(c), c)),
      new RedisContainer(REDIS_IMAGE).start().then((c) => (started.push(c), c)),
    ]);
    const kafkaBrokers = [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`];
    const redisUrl = redis.getConnectionUrl();
    const [kafkaReady, redisReady] = await Promise.all([
      waitForKafkaReady({ brokers: kafkaBrokers, timeoutMs: READY_TIMEOUT_MS }),
      waitForRedisReady({ url: redisUrl, timeoutMs: READY_TIMEOUT_MS }),
    ]);
    return {
      kind: 'testcontainers',
      kafkaBrokers,
      redisUrl,
      kafkaVersion: `${kafkaReady.brokerVersion ?? 'unknown'} (${KAFKA_IMAGE})`,
      redisVersion: redisReady.version,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
