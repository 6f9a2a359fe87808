import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { loadSwitchyardPackage, type Classification, type CompletionChunk, type JobInput, type Result, type RouteDecision } from '@switchyard/contracts';

export interface SwitchyardClientOptions {
  /** host:port of a router's gRPC front door. */
  address: string;
  /** The tenant's bearer token (sent as `authorization: Bearer <token>`); the tenant is the token's. */
  token?: string;
  /** TLS: the CA that signed the router's certificate, and for mTLS this client's certificate and key (PEM files). */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

export interface CallSettings {
  /** Milliseconds the call may take; it reaches the backend call as its deadline. */
  timeoutMs?: number;
  /** Aborting cancels the call, and the router aborts the backend call. */
  signal?: AbortSignal;
}

/** A failed call: the gRPC status and what its trailers say. */
export class SwitchyardCallError extends Error {
  readonly code: grpc.status;
  readonly status: string;
  /** The request field at fault (INVALID_ARGUMENT, NOT_FOUND). */
  readonly field: string | undefined;
  /** RESOURCE_EXHAUSTED: milliseconds until a retry may succeed. */
  readonly retryAfterMs: number | undefined;
  /** The model whose failure ended the call. */
  readonly model: string | undefined;

  constructor(err: grpc.ServiceError) {
    super(`${grpc.status[err.code]}: ${err.details}`, { cause: err });
    this.name = 'SwitchyardCallError';
    this.code = err.code;
    this.status = grpc.status[err.code];
    const trailer = (key: string) => {
      const value = err.metadata?.get(key)[0];
      return typeof value === 'string' ? value : undefined;
    };
    this.field = trailer('sy-field');
    const retry = trailer('retry-after-ms');
    this.retryAfterMs = retry === undefined ? undefined : Number(retry);
    this.model = trailer('sy-model');
  }
}

type Pkg = ReturnType<typeof loadSwitchyardPackage>;

function credentials(tls: SwitchyardClientOptions['tls']): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  const read = (file?: string) => (file ? readFileSync(file) : null);
  return grpc.credentials.createSsl(read(tls.caFile), read(tls.keyFile), read(tls.certFile));
}

/**
 * A typed client of a Switchyard router: Route, Complete, CompleteStream,
 * Classify and the tenant's own statistics. Errors are SwitchyardCallError.
 */
export class SwitchyardClient {
  private readonly router: InstanceType<Pkg['Router']>;
  private readonly classifier: InstanceType<Pkg['Classifier']>;
  private readonly admin: InstanceType<Pkg['Admin']>;

  constructor(private readonly options: SwitchyardClientOptions) {
    const pkg = loadSwitchyardPackage();
    const creds = credentials(options.tls);
    this.router = new pkg.Router(options.address, creds);
    // The three stubs share one channel per address and credentials.
    this.classifier = new pkg.Classifier(options.address, creds, { channelOverride: this.router.getChannel() });
    this.admin = new pkg.Admin(options.address, creds, { channelOverride: this.router.getChannel() });
  }

  /** Dry run: which model and pool, why, and the fallbacks; no model is called. */
  route(job: JobInput, settings: CallSettings = {}): Promise<{ decision: RouteDecision; classification: Classification }> {
    return this.unary((cb, md, opts) => this.router.Route({ job }, md, opts, cb), settings) as Promise<{ decision: RouteDecision; classification: Classification }>;
  }

  complete(job: JobInput, settings: CallSettings = {}): Promise<Result> {
    return this.unary((cb, md, opts) => this.router.Complete(job, md, opts, cb), settings) as Promise<Result>;
  }

  /** The answer's tokens as the model streams them; the last chunk carries the Result. */
  async *completeStream(job: JobInput, settings: CallSettings = {}): AsyncGenerator<CompletionChunk> {
    const call = this.router.CompleteStream(job, this.metadata(), this.callOptions(settings));
    const onAbort = () => call.cancel();
    settings.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of call as AsyncIterable<CompletionChunk>) yield chunk;
    } catch (err) {
      throw new SwitchyardCallError(err as grpc.ServiceError);
    } finally {
      settings.signal?.removeEventListener('abort', onAbort);
    }
  }

  classify(job: JobInput, settings: CallSettings = {}): Promise<Classification> {
    return this.unary((cb, md, opts) => this.classifier.Classify(job, md, opts, cb), settings) as Promise<Classification>;
  }

  /** The token's tenant's usage this minute and spend in its budget window. */
  tenantStats(settings: CallSettings = {}): Promise<{ tenant: string; requestsThisMinute: number; tokensThisMinute: number; spendUsd: number; budgetUsd: number; budgetWindow: string }> {
    return this.unary((cb, md, opts) => this.admin.TenantStats({}, md, opts, cb), settings) as never;
  }

  close(): void {
    this.router.close();
  }

  private metadata(): grpc.Metadata {
    const metadata = new grpc.Metadata();
    if (this.options.token) metadata.set('authorization', `Bearer ${this.options.token}`);
    return metadata;
  }

  private callOptions(settings: CallSettings): grpc.CallOptions {
    return settings.timeoutMs ? { deadline: Date.now() + settings.timeoutMs } : {};
  }

  private unary(start: (cb: (err: grpc.ServiceError | null, reply?: unknown) => void, metadata: grpc.Metadata, options: grpc.CallOptions) => grpc.ClientUnaryCall, settings: CallSettings): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const call = start((err, reply) => (err ? reject(new SwitchyardCallError(err)) : resolve(reply)), this.metadata(), this.callOptions(settings));
      settings.signal?.addEventListener('abort', () => call.cancel(), { once: true });
    });
  }
}
