/**
 * Clients this project did not write, against a running router's gRPC front door on real Kafka and
 * Redis: grpcurl (through server reflection, no .proto files) and Python grpcio with stubs generated
 * from protos/ by grpc_tools.protoc at test time. Both call Route and CompleteStream.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROTO_FILES, PROTO_ROOT } from '@switchyard/contracts';
import { testTool } from '../jest/test-tools';
import { ECHO_TOKENS, startInteropRouter, startInteropUpstream, type InteropRouter, type InteropUpstream } from './openai-interop-fixture';
import { waitUntilServing } from './openai-interop-wait';

const run = promisify(execFile);

describe('grpcurl and Python grpcio call the router over gRPC', () => {
  let upstream: InteropUpstream;
  let router: InteropRouter;

  const grpcurl = async (...args: string[]) => (await run(testTool('grpcurl'), ['-plaintext', ...args], { timeout: 30_000 })).stdout;
  const asAcme = () => ['-H', `authorization: Bearer ${router.tokens.acme}`];

  beforeAll(async () => {
    upstream = await startInteropUpstream();
    router = await startInteropRouter(upstream.url, { brokers: (process.env.KAFKA_BROKERS ?? '').split(','), redisUrl: process.env.REDIS_URL ?? '' });
    // The front door listens before the first snapshot shows the router's own direct pools live.
    await waitUntilServing(() => grpcurl(...asAcme(), '-d', '{"prompt": "warm up"}', router.grpcAddress, 'switchyard.v1.Router/Complete'));
  });

  afterAll(async () => {
    await router?.stop();
    await upstream?.close();
  });

  it('grpcurl lists the services by reflection and calls Route and CompleteStream', async () => {
    const services = (await grpcurl(router.grpcAddress, 'list')).split('\n').filter(Boolean);
    expect(services.sort()).toEqual(['switchyard.v1.Admin', 'switchyard.v1.Classifier', 'switchyard.v1.Router']);

    const route = JSON.parse(await grpcurl(...asAcme(), '-d', '{"job": {"prompt": "Write a haiku about ports", "route": "fallback"}}', router.grpcAddress, 'switchyard.v1.Router/Route'));
    expect(route.decision).toMatchObject({ model: 'broken-model', pool: 'broken-model-direct', fallbacks: [{ model: 'echo-model', pool: 'echo-model-direct' }] });

    // grpcurl prints each streamed message as its own JSON object.
    const streamed = await grpcurl(...asAcme(), '-d', '{"prompt": "Write a haiku about ports"}', router.grpcAddress, 'switchyard.v1.Router/CompleteStream');
    const chunks = streamed
      .split(/\n(?=\{)/)
      .filter((s) => s.trim())
      .map((s) => JSON.parse(s) as { delta?: string; result?: { output: string; model: string } });
    expect(chunks.filter((c) => c.delta).map((c) => c.delta)).toEqual(ECHO_TOKENS);
    expect(chunks.at(-1)?.result).toMatchObject({ output: ECHO_TOKENS.join(''), model: 'echo-model' });
  });

  it('Python grpcio with stubs generated from protos/ calls Route and CompleteStream', async () => {
    const python = testTool('python');
    const stubs = mkdtempSync(path.join(tmpdir(), 'switchyard-py-'));
    try {
      execFileSync(python, ['-m', 'grpc_tools.protoc', `-I${PROTO_ROOT}`, `--python_out=${stubs}`, `--grpc_python_out=${stubs}`, ...PROTO_FILES], { stdio: 'pipe' });
      const { stdout } = await run(python, [path.join(__dirname, 'grpc_python_client.py'), stubs, router.grpcAddress, router.tokens.acme], { timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual({
        model: 'broken-model',
        fallbacks: ['echo-model'],
        task_type: expect.any(String),
        deltas: ECHO_TOKENS,
        output: ECHO_TOKENS.join(''),
        result_model: 'echo-model',
        wrong_token: 'UNAUTHENTICATED',
      });
    } finally {
      rmSync(stubs, { recursive: true, force: true });
    }
  });
});
