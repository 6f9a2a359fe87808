/**
 * The environment variables that carry the chosen servers from integration-setup (jest's
 * globalSetup, in the parent process) to the test files (workers forked after it, which inherit
 * the parent's environment):
 *   KAFKA_BROKERS            comma list: the single broker (or a container)
 *   REDIS_URL                redis://host:port
 *   KAFKA_CLUSTER_BROKERS    comma list of the 3-node cluster, only while `infra:up -- --brokers 3` runs
 *   SWITCHYARD_TEST_SERVERS  which choice was made: environment | testcontainers | local
 */
export const TEST_SERVERS_CHOICE = 'SWITCHYARD_TEST_SERVERS';

export interface ChosenServers {
  kind: 'environment' | 'testcontainers' | 'local';
  kafkaBrokers: string[];
  redisUrl: string;
  clusterBrokers?: string[];
}

export function exportTestServers(servers: ChosenServers, env: NodeJS.ProcessEnv = process.env): void {
  env.KAFKA_BROKERS = servers.kafkaBrokers.join(',');
  env.REDIS_URL = servers.redisUrl;
  if (servers.clusterBrokers) env.KAFKA_CLUSTER_BROKERS = servers.clusterBrokers.join(',');
  env[TEST_SERVERS_CHOICE] = servers.kind;
}
