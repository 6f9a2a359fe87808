import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { configSchema } from '@switchyard/config';
import { loadSwitchyardPackage } from '@switchyard/contracts';
import { hashToken, TenantAuth } from '@switchyard/gateway';
import type { GrpcServer } from '@switchyard/runtime';
import { closeRedis, connectRedis, LiveStateStore } from '@switchyard/state';
import { startScorerGrpc } from './scorer-grpc';

const TOKEN = 'scorer-test-token';
const GRPC_SETTINGS = configSchema.shape.grpc.parse({ drainTimeoutMs: 1_000 });

function bearer(token = TOKEN): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('Scorer gRPC on a real Redis', () => {
  let server: GrpcServer;
  let redis: Awaited<ReturnType<typeof connectRedis>>;
  let client: InstanceType<ReturnType<typeof loadSwitchyardPackage>['Scorer']>;

  beforeAll(async () => {
    redis = await connectRedis(redisUrl);
    const store = new LiveStateStore(redis, { keyPrefix: `test-${randomUUID().slice(0, 8)}:`, breaker: { consecutiveFailures: 5, baseEjectionMs: 1000, maxEjectionMs: 10000 } });
    const auth = new TenantAuth({ auth: { adminTokenSha256: [] }, tenants: [{ id: 'acme', budgetWindow: 'day', defaultRoute: 'default', tokenSha256: [hashToken(TOKEN)] }] });
    server = await startScorerGrpc(0, GRPC_SETTINGS, auth, store, pino({ level: 'silent' }));
    const pkg = loadSwitchyardPackage();
    client = new pkg.Scorer(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await server.close();
    await closeRedis(redis);
  });

  const feedback = (request: object, metadata = bearer()) =>
    new Promise<{ accepted: boolean }>((resolve, reject) => client.Feedback(request, metadata, (err, reply) => (err ? reject(err) : resolve(reply as { accepted: boolean }))));
  const stats = (request: object) =>
    new Promise<{ stats: { model: string; taskType: string; count: number; meanQuality: number }[] }>((resolve, reject) =>
      client.Stats(request, bearer(), (err, reply) => (err ? reject(err) : resolve(reply as never))),
    );

  it('counts explicit feedback once per job in the learned statistics', async () => {
    await expect(feedback({ jobId: 'j1', model: 'small-fast', taskType: 'code', quality: 0.25 })).resolves.toEqual({ accepted: true });
    await feedback({ jobId: 'j1', model: 'small-fast', taskType: 'code', quality: 0.25 });
    await feedback({ jobId: 'j2', model: 'small-fast', taskType: 'code', quality: 0.75 });
    const { stats: rows } = await stats({ model: 'small-fast', taskType: 'code' });
    expect(rows).toEqual([expect.objectContaining({ model: 'small-fast', taskType: 'code', count: 2, meanQuality: 0.5 })]);
  });

  it('answers INVALID_ARGUMENT naming the field for a quality outside 0..1', async () => {
    await expect(feedback({ jobId: 'j3', model: 'm', quality: 1.5 })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/^quality: /) });
    await expect(feedback({ model: 'm', quality: 0.5 })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'job_id: is required' });
  });

  it('answers UNAUTHENTICATED to feedback without a known bearer token', async () => {
    await expect(feedback({ jobId: 'j4', model: 'm', quality: 0.5 }, new grpc.Metadata())).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(feedback({ jobId: 'j4', model: 'm', quality: 0.5 }, bearer('not-a-token'))).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'authorization: unknown token' });
  });

  it('reports SERVING on grpc.health.v1 for the Scorer service', async () => {
    const health = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    const status = await new Promise<Buffer>((resolve, reject) =>
      health.makeUnaryRequest(
        '/grpc.health.v1.Health/Check',
        (arg: Buffer) => arg,
        (buf: Buffer) => buf,
        // HealthCheckRequest { service = "switchyard.v1.Scorer" } encoded by hand: field 1, length-delimited.
        Buffer.concat([Buffer.from([0x0a, 'switchyard.v1.Scorer'.length]), Buffer.from('switchyard.v1.Scorer')]),
        (err, reply) => (err ? reject(err) : resolve(reply as Buffer)),
      ),
    );
    health.close();
    // HealthCheckResponse { status = SERVING (1) }
    expect([...status]).toEqual([0x08, 0x01]);
  });
});
