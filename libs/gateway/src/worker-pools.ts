import * as grpc from '@grpc/grpc-js';
import { BackendError, isBackendErrorCode, type Completion, type FinishReason } from '@switchyard/backends';
import { loadSwitchyardPackage, type CompletionChunk, type Result } from '@switchyard/contracts';
import { throttledWarning, type Logger } from '@switchyard/telemetry';
import type { PoolCall, PoolCaller } from './pool-caller';

/** Metadata of Worker.Execute: the request asks for streaming; an error status names its BackendError code. */
export const WORKER_METADATA = { stream: 'sy-stream', errorCode: 'sy-error-code' } as const;

/** How often the addresses workers publish with their leases are re-read. */
const REFRESH_EVERY_MS = 1_000;

type WorkerClient = InstanceType<ReturnType<typeof loadSwitchyardPackage>['Worker']>;

/** Where the workers' addresses come from (the state store's readWorkerAddresses). */
export interface WorkerAddressSource {
  readWorkerAddresses(poolIds: readonly string[]): Promise<Map<string, string[]>>;
}

const STATUS_CODES: Partial<Record<grpc.status, ConstructorParameters<typeof BackendError>[0]>> = {
  [grpc.status.UNAVAILABLE]: 'CONNECTION',
  [grpc.status.DEADLINE_EXCEEDED]: 'TIMEOUT',
  [grpc.status.INVALID_ARGUMENT]: 'BAD_REQUEST',
  [grpc.status.RESOURCE_EXHAUSTED]: 'RATE_LIMITED',
};

/** A worker's error status as the BackendError its backend raised (or the closest for transport failures). */
export function workerError(err: grpc.ServiceError, address: string): BackendError {
  const sent = err.metadata?.get(WORKER_METADATA.errorCode)[0];
  const code = typeof sent === 'string' && isBackendErrorCode(sent) ? sent : (STATUS_CODES[err.code] ?? 'UNKNOWN');
  return new BackendError(code, `worker ${address}: ${err.details || err.message}`, { cause: err });
}

function toCompletion(result: Result): Completion {
  return {
    output: result.output,
    usage: { inputTokens: result.usage?.inputTokens ?? 0, outputTokens: result.usage?.outputTokens ?? 0 },
    finishReason: (result.finishReason || 'stop') as FinishReason,
  };
}

/**
 * Reaches pools through their workers' Worker.Execute: one gRPC client per
 * live worker address (published with the worker's lease, re-read every
 * second), calls spread round-robin over a pool's workers. The caller's
 * abort cancels the stream, which the worker turns into an abort of its
 * backend call.
 */
export class WorkerPools implements PoolCaller {
  private addresses = new Map<string, string[]>();
  private readonly clients = new Map<string, WorkerClient>();
  private readonly Worker = loadSwitchyardPackage().Worker;
  private readonly timer: NodeJS.Timeout;
  private readonly warn: (err: unknown) => void;
  private turn = 0;

  constructor(
    private readonly source: WorkerAddressSource,
    private readonly poolIds: readonly string[],
    private readonly credentials: grpc.ChannelCredentials,
    logger: Logger,
  ) {
    this.warn = throttledWarning(logger, 'worker addresses not refreshed; calls use the last ones');
    this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
    this.timer.unref();
  }

  /** Reads the addresses once before serving. */
  start(): Promise<void> {
    return this.refresh();
  }

  /** Live workers with an address, per pool. */
  workerCount(poolId: string): number {
    return this.addresses.get(poolId)?.length ?? 0;
  }

  call({ job, target, signal, onDelta }: PoolCall): Promise<Completion> {
    const addresses = this.addresses.get(target.pool) ?? [];
    if (addresses.length === 0) return Promise.reject(new BackendError('CONNECTION', `no live worker of pool ${target.pool} serves Worker.Execute`));
    const address = addresses[this.turn++ % addresses.length];
    const metadata = new grpc.Metadata();
    if (onDelta) metadata.set(WORKER_METADATA.stream, '1');
    return new Promise<Completion>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const stream = this.client(address).Execute(job, metadata, job.deadlineUnixMs > 0 ? { deadline: job.deadlineUnixMs } : {});
      let result: Result | null | undefined;
      const onAbort = () => stream.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: CompletionChunk) => {
        if (chunk.delta) onDelta?.(chunk.delta);
        if (chunk.result) result = chunk.result;
      });
      stream.on('error', (err: grpc.ServiceError) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : workerError(err, address));
      });
      stream.on('status', (status: grpc.StatusObject) => {
        if (status.code !== grpc.status.OK) return;
        signal.removeEventListener('abort', onAbort);
        if (result) resolve(toCompletion(result));
        else reject(new BackendError('UNKNOWN', `worker ${address} ended Execute without a result`));
      });
    });
  }

  private client(address: string): WorkerClient {
    let client = this.clients.get(address);
    if (!client) {
      client = new this.Worker(address, this.credentials);
      this.clients.set(address, client);
    }
    return client;
  }

  private async refresh(): Promise<void> {
    try {
      this.addresses = await this.source.readWorkerAddresses(this.poolIds);
    } catch (err) {
      this.warn(err);
      return;
    }
    const live = new Set([...this.addresses.values()].flat());
    for (const [address, client] of this.clients) {
      if (!live.has(address)) {
        client.close();
        this.clients.delete(address);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
