/**
 * Jest setupFile of the "integration" project, run in each test file's context: checks that the
 * servers chosen by integration-setup reached this worker (see test-server-env.ts for the names).
 * A test file run without that setup (another config, an IDE runner) would otherwise fall back to
 * guessed defaults and fail far from the cause.
 */
import { TEST_SERVERS_CHOICE } from './test-server-env';

if (!process.env[TEST_SERVERS_CHOICE] || !process.env.KAFKA_BROKERS || !process.env.REDIS_URL) {
  throw new Error(
    `KAFKA_BROKERS/REDIS_URL were not handed over by tools/jest/integration-setup.ts (${TEST_SERVERS_CHOICE} unset): run integration tests through jest.config.js`,
  );
}

// Jest reads `testTimeout` only from the root config, not from a project's: set the integration
// project's budget (servers, consumer-group joins, transactions) here, in its own setup file.
jest.setTimeout(240_000);
