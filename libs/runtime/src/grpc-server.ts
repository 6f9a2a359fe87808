// Server options: https://grpc.github.io/grpc/core/group__grpc__arg__keys.html
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { GrpcConfig } from '@switchyard/config';
import { switchyardReflectionDefinition } from '@switchyard/contracts';
import { reflectableDefinition } from './reflection-descriptors';

export interface GrpcServer {
  port: number;
  /**
   * Graceful stop: reports NOT_SERVING, refuses new calls, lets calls in
   * flight finish for up to `drainTimeoutMs`, then cancels what is left.
   */
  close(): Promise<void>;
}

export interface GrpcServerOptions {
  port: number;
  /** @default "0.0.0.0" */
  host?: string;
  /** TLS, message size, keepalive and drain settings (config `grpc`). */
  settings: GrpcConfig;
  /** Adds the services and returns their full names (e.g. "switchyard.v1.Router") for health. */
  register(server: grpc.Server): string[];
}

/** Server credentials from the config: plaintext, TLS, or mTLS when a client CA is given. */
export function serverCredentials(settings: GrpcConfig): grpc.ServerCredentials {
  const tls = settings.tls;
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const clientCa = tls.clientCaFile ? readFileSync(tls.clientCaFile) : null;
  return grpc.ServerCredentials.createSsl(clientCa, [{ private_key: readFileSync(tls.keyFile), cert_chain: readFileSync(tls.certFile) }], clientCa !== null);
}

/**
 * Credentials for this deployment's own calls between services (router to
 * workers): TLS trusting `clientCaFile` (the deployment's CA), presenting the
 * service's certificate as its client certificate, when TLS is configured.
 */
export function internalClientCredentials(settings: GrpcConfig): grpc.ChannelCredentials {
  const tls = settings.tls;
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.clientCaFile ? readFileSync(tls.clientCaFile) : null, readFileSync(tls.keyFile), readFileSync(tls.certFile));
}

/** Channel options both ends share: message size and keepalive. */
export function channelOptions(settings: GrpcConfig): grpc.ChannelOptions {
  return {
    'grpc.max_receive_message_length': settings.maxMessageBytes,
    'grpc.max_send_message_length': settings.maxMessageBytes,
    'grpc.keepalive_time_ms': settings.keepaliveTimeMs,
    'grpc.keepalive_timeout_ms': settings.keepaliveTimeoutMs,
  };
}

/**
 * Starts a gRPC server with the given services, grpc.health.v1 reporting
 * each of them (and the server as a whole, "") as SERVING, and server
 * reflection (so grpcurl and other generic clients need no .proto files).
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServer> {
  const { settings } = options;
  const server = new grpc.Server({
    ...channelOptions(settings),
    // Clients may ping idle connections (their keepalive) no more often than ours.
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': Math.min(settings.keepaliveTimeMs, 10_000),
  });
  const serviceNames = options.register(server);
  const health = new HealthImplementation(Object.fromEntries(['', ...serviceNames].map((name) => [name, 'SERVING'])));
  health.addToServer(server);
  // Reflection describes exactly the services this server runs.
  new ReflectionService(reflectableDefinition(switchyardReflectionDefinition()), { services: serviceNames }).addToServer(server);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host ?? '0.0.0.0'}:${options.port}`, serverCredentials(settings), (err, actual) => (err ? reject(err) : resolve(actual))),
  );
  let closing: Promise<void> | undefined;
  return {
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const name of ['', ...serviceNames]) health.setStatus(name, 'NOT_SERVING');
        const force = setTimeout(() => server.forceShutdown(), settings.drainTimeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closing;
    },
  };
}

/** A gRPC error with INVALID_ARGUMENT, naming the field. */
export function invalidArgument(field: string, problem: string): grpc.ServiceError {
  return Object.assign(new Error(`${field}: ${problem}`), { code: grpc.status.INVALID_ARGUMENT, details: `${field}: ${problem}`, metadata: new grpc.Metadata() });
}
