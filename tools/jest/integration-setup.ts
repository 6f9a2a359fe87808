import { register } from 'tsx/cjs/api';
import { exportTestServers } from './test-server-env';

// Jest loads globalSetup with its transform but without moduleNameMapper, so the @switchyard aliases
// the server choice imports would not resolve: tsx loads it instead, resolving them from tsconfig.json.
const tsx = register({ namespace: 'integration-setup' });
const { chooseTestServers } = tsx.require('./test-servers', __filename) as typeof import('./test-servers');

/**
 * Jest globalSetup for the "integration" project: picks and waits for Kafka and Redis once per
 * run, then hands their addresses to the test files through the environment (test-server-env.ts;
 * workers start after this and inherit it, and integration-env.ts checks they did).
 */
export default async function integrationSetup(): Promise<void> {
  const started = Date.now();
  const log = (msg: string) => console.log(`[integration] ${msg}`);
  const servers = await chooseTestServers(log);
  exportTestServers(servers);
  // globalSetup and globalTeardown run in the same process but load separate module copies: a global carries the stop.
  (globalThis as { stopTestServers?: () => Promise<void> }).stopTestServers = servers.stop;
  log(
    `using ${servers.kind} servers: Kafka ${servers.kafkaBrokers.join(',')} (Kafka ${servers.kafkaVersion}), ` +
      `Redis ${servers.redisUrl} (Redis ${servers.redisVersion})` +
      (servers.clusterBrokers ? `, 3-node cluster ${servers.clusterBrokers.join(',')}` : '') +
      `; ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
