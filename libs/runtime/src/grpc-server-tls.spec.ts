import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { configSchema, type GrpcConfig } from '@switchyard/config';
import { loadSwitchyardPackage, type Classification } from '@switchyard/contracts';
import { hashToken, TenantAuth } from '@switchyard/gateway';
import { classifierHandlers } from './classifier-grpc';
import { internalClientCredentials, startGrpcServer, type GrpcServer } from './grpc-server';

/** A CA, a server certificate for 127.0.0.1 and a client certificate it signed, and a stranger's self-signed one (Debian's openssl). */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`);
  key('ca');
  openssl('req', '-x509', '-new', '-key', 'ca.key', '-days', '1', '-subj', '/CN=switchyard test CA', '-out', 'ca.crt');
  for (const [name, extension] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ]) {
    key(name);
    openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
    writeFileSync(path.join(dir, `${name}.ext`), `${extension}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  }
  key('stranger');
  openssl('req', '-x509', '-new', '-key', 'stranger.key', '-days', '1', '-subj', '/CN=stranger', '-out', 'stranger.crt');
}

const dir = mkdtempSync(path.join(tmpdir(), 'grpc-tls-'));
makeCertificates(dir);
const file = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(file(name));

const TOKEN = 'tenant-a-token';
const auth = new TenantAuth({ auth: { adminTokenSha256: [] }, tenants: [{ id: 'tenant-a', tokenSha256: [hashToken(TOKEN)] }] } as never);
const labels = { taskType: 'chat', classifier: 'test' } as Classification;

/** The config's `grpc` section with its defaults, the given TLS files and a short drain. */
function grpcSettings(tls: NonNullable<GrpcConfig['tls']>): GrpcConfig {
  return configSchema.shape.grpc.parse({ tls, drainTimeoutMs: 1_000 });
}

async function serve(tls: NonNullable<GrpcConfig['tls']>): Promise<GrpcServer> {
  return startGrpcServer({
    port: 0,
    host: '127.0.0.1',
    settings: grpcSettings(tls),
    register(server) {
      server.addService(loadSwitchyardPackage().Classifier.service, classifierHandlers(auth, () => labels));
      return ['switchyard.v1.Classifier'];
    },
  });
}

/** Classify over the given credentials: the answer's task type, or the gRPC status name it failed with. */
async function classify(port: number, credentials: grpc.ChannelCredentials): Promise<string> {
  const client = new (loadSwitchyardPackage().Classifier)(`127.0.0.1:${port}`, credentials);
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${TOKEN}`);
  try {
    return await new Promise<string>((resolve, reject) =>
      (client as unknown as { Classify: (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Classification) => void) => void }).Classify(
        { prompt: 'hello' },
        metadata,
        { deadline: Date.now() + 5_000 },
        (err, reply) => (err ? reject(err) : resolve(reply.taskType)),
      ),
    );
  } catch (err) {
    return grpc.status[(err as grpc.ServiceError).code];
  } finally {
    client.close();
  }
}

const servers: GrpcServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('gRPC servers over TLS and mTLS, from the config', () => {
  it('TLS: a client trusting the CA is served; a plaintext client and one trusting another CA are not', async () => {
    const server = await serve({ certFile: file('server.crt'), keyFile: file('server.key') });
    servers.push(server);
    expect(await classify(server.port, grpc.credentials.createSsl(read('ca.crt')))).toBe('chat');
    expect(await classify(server.port, grpc.credentials.createInsecure())).toBe('UNAVAILABLE');
    expect(await classify(server.port, grpc.credentials.createSsl(read('stranger.crt')))).toBe('UNAVAILABLE');
  });

  it('mTLS: only a client presenting a certificate the client CA signed is served', async () => {
    const tls = { certFile: file('server.crt'), keyFile: file('server.key'), clientCaFile: file('ca.crt') };
    const server = await serve(tls);
    servers.push(server);
    expect(await classify(server.port, grpc.credentials.createSsl(read('ca.crt'), read('client.key'), read('client.crt')))).toBe('chat');
    expect(await classify(server.port, grpc.credentials.createSsl(read('ca.crt')))).toBe('UNAVAILABLE');
    expect(await classify(server.port, grpc.credentials.createSsl(read('ca.crt'), read('stranger.key'), read('stranger.crt')))).toBe('UNAVAILABLE');
  });

  it("a service's own calls to another (router to worker) present its certificate under mTLS", async () => {
    const tls = { certFile: file('server.crt'), keyFile: file('server.key'), clientCaFile: file('ca.crt') };
    const server = await serve(tls);
    servers.push(server);
    expect(await classify(server.port, internalClientCredentials(grpcSettings(tls)))).toBe('chat');
  });
});
