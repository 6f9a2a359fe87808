import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';

export interface GrpcServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts a gRPC server with the given services and grpc.health.v1 reporting
 * each of them (and the server as a whole, "") as SERVING.
 */
export async function startGrpcServer(port: number, register: (server: grpc.Server) => string[]): Promise<GrpcServer> {
  const server = new grpc.Server();
  const serviceNames = register(server);
  const health = new HealthImplementation(Object.fromEntries(['', ...serviceNames].map((name) => [name, 'SERVING'])));
  health.addToServer(server);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`0.0.0.0:${port}`, grpc.ServerCredentials.createInsecure(), (err, actual) => (err ? reject(err) : resolve(actual))),
  );
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        for (const name of ['', ...serviceNames]) health.setStatus(name, 'NOT_SERVING');
        server.tryShutdown(() => resolve());
      }),
  };
}

/** A gRPC error with INVALID_ARGUMENT, naming the field. */
export function invalidArgument(field: string, problem: string): grpc.ServiceError {
  return Object.assign(new Error(`${field}: ${problem}`), { code: grpc.status.INVALID_ARGUMENT, details: `${field}: ${problem}`, metadata: new grpc.Metadata() });
}
