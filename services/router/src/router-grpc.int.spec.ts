import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { completeCommand, routeCommand, SwitchyardClient } from '@switchyard/client';
import { completeJob, resultCodec, type CompletionChunk, type Result } from '@switchyard/contracts';
import { createKafka, TopicReader } from '@switchyard/messaging';
import { bearer, startSyncRouterFixture, TOKENS, type SyncRouterFixture } from './testing/sync-router-fixture';
import { startScriptedUpstream, type ScriptedUpstream } from './testing/scripted-upstream';
import { UsageReservations } from '@switchyard/state';

type Reply<T> = Promise<T>;

describe('the router over gRPC, on real Redis and Kafka, against a scripted upstream', () => {
  let upstream: ScriptedUpstream;
  let f: SyncRouterFixture;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    f = await startSyncRouterFixture(upstream.url);
  });

  afterAll(async () => {
    await f?.close();
    await upstream?.close();
  });

  const job = (fields: object = {}) => ({ prompt: 'Write a haiku about ports', ...fields });

  function unary<T>(method: 'Route' | 'Complete', request: object, token: string | null = TOKENS.acme, options: grpc.CallOptions = {}): Reply<T> {
    const metadata = token ? bearer(token) : new grpc.Metadata();
    return new Promise((resolve, reject) =>
      (f.router[method] as unknown as (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (err: grpc.ServiceError | null, reply: T) => void) => void)(request, metadata, options, (err, reply) =>
        err ? reject(err) : resolve(reply),
      ),
    );
  }

  function admin<T>(method: 'ListPools' | 'ListModels' | 'TenantStats' | 'DrainPool' | 'ReloadConfig', request: object, token: string): Reply<T> {
    return new Promise((resolve, reject) =>
      (f.admin[method] as unknown as (r: object, m: grpc.Metadata, cb: (err: grpc.ServiceError | null, reply: T) => void) => void)(request, bearer(token), (err, reply) => (err ? reject(err) : resolve(reply))),
    );
  }

  /** Reads a CompleteStream to its end: the chunks in order, or the status it failed with (and the chunks before it). */
  function stream(request: object, token = TOKENS.acme): { chunks: CompletionChunk[]; done: Promise<grpc.ServiceError | null>; call: grpc.ClientReadableStream<CompletionChunk> } {
    const call = f.router.CompleteStream(request, bearer(token)) as grpc.ClientReadableStream<CompletionChunk>;
    const chunks: CompletionChunk[] = [];
    call.on('data', (chunk: CompletionChunk) => chunks.push(chunk));
    const done = new Promise<grpc.ServiceError | null>((resolve) => {
      call.on('error', (err: grpc.ServiceError) => resolve(err));
      call.on('status', (status: grpc.StatusObject) => status.code === grpc.status.OK && resolve(null));
    });
    return { chunks, done, call };
  }

  async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('Route answers the decision with reasons, candidates and fallbacks and the classification, without calling a model', async () => {
    const before = upstream.requests.length;
    const reply = await unary<{ decision: { model: string; pool: string; reasons: string[]; candidates: { model: string }[]; fallbacks: { model: string }[]; route: string }; classification: { taskType: string } }>('Route', {
      job: job({ route: 'fallback' }),
    });
    expect(reply.decision).toMatchObject({ model: 'broken', pool: 'broken-direct', route: 'fallback', fallbacks: [{ model: 'main', pool: 'main-direct' }] });
    expect(reply.decision.reasons.length).toBeGreaterThan(0);
    expect(reply.decision.candidates.map((c) => c.model)).toEqual(expect.arrayContaining(['broken', 'main']));
    expect(reply.classification.taskType).toBe('creative');
    expect(upstream.requests.length).toBe(before);
  });

  it('Complete calls a direct pool and publishes the result on the results topic for the scorer', async () => {
    const reader = new TopicReader(createKafka({ brokers: f.config.kafka.brokers, clientId: 'reader', logger: pino({ level: 'silent' }) }), [f.topics.results]);
    await reader.start();
    try {
      const result = await unary<Result>('Complete', job({ id: 'direct-1', tenant: 'someone-else' }));
      expect(result).toMatchObject({ jobId: 'direct-1', tenant: 'acme', output: 'abc', model: 'main', pool: 'main-direct', attempt: 0, finishReason: 'stop' });
      expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 3 });
      await reader.waitUntil((records) => records.some((r) => r.key === 'direct-1'), 30_000);
      const published = resultCodec.decode(reader.records.find((r) => r.key === 'direct-1')!.value);
      expect(published).toMatchObject({ jobId: 'direct-1', tenant: 'acme', output: 'abc', model: 'main' });
    } finally {
      await reader.close();
    }
  });

  it('Complete reaches a pool through the Worker.Execute of its worker when the pool is not direct', async () => {
    const result = await unary<Result>('Complete', job({ route: 'model:worked' }));
    expect(result).toMatchObject({ output: 'work', model: 'worked', pool: 'worked-workers' });
  });

  it('CompleteStream sends the tokens in the order the backend streamed them, then the result, on both ways to a pool', async () => {
    for (const [route, tokens, pool] of [
      ['default', ['a', 'b', 'c'], 'main-direct'],
      ['model:worked', ['w', 'o', 'r', 'k'], 'worked-workers'],
    ] as const) {
      const { chunks, done } = stream(job({ route }));
      expect(await done).toBeNull();
      expect(chunks.filter((c) => !c.result).map((c) => c.delta)).toEqual(tokens);
      expect(chunks.at(-1)?.result).toMatchObject({ output: tokens.join(''), pool });
    }
  });

  it('falls back to the next ranked model when the first fails before its first token, unseen by a streaming caller', async () => {
    const { chunks, done } = stream(job({ route: 'fallback' }));
    expect(await done).toBeNull();
    expect(chunks.map((c) => c.delta).join('')).toBe('abc');
    const result = chunks.at(-1)!.result!;
    expect(result).toMatchObject({ model: 'main', attempt: 1 });
    expect(result.decision?.reasons.join('\n')).toMatch(/fallback before the first token: broken \(pool broken-direct\) failed: UPSTREAM_5XX/);
  });

  it('ends a stream that fails after tokens were sent with UNAVAILABLE naming the model, never falling back', async () => {
    const { chunks, done } = stream(job({ route: 'fails-mid-stream' }));
    const err = await done;
    expect(chunks.map((c) => c.delta)).toEqual(['x', 'y']);
    expect(err).toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringContaining('drops (pool drops-direct) failed after 2 streamed token(s)') });
    expect(err!.metadata.get('sy-model')).toEqual(['drops']);
  });

  it('aborts the backend call when the client cancels', async () => {
    const before = upstream.aborted.length;
    const { call, done } = stream(job({ route: 'model:hangs' }));
    await until(() => upstream.requests.some((r) => r.body.model === 'hang' && r.body.stream === true), 'the upstream to receive the call');
    call.cancel();
    expect(await done).toMatchObject({ code: grpc.status.CANCELLED });
    await until(() => upstream.aborted.length > before, 'the upstream to see the abort');
    expect(upstream.aborted.at(-1)).toBe('hang');
  });

  it('answers DEADLINE_EXCEEDED when the deadline passes during the call, and the backend sees the abort', async () => {
    const before = upstream.aborted.length;
    await expect(unary('Complete', job({ route: 'model:hangs' }), TOKENS.acme, { deadline: Date.now() + 400 })).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    await until(() => upstream.aborted.length > before, 'the upstream to see the abort');
  });

  it('answers INVALID_ARGUMENT naming the field', async () => {
    await expect(unary('Complete', { messages: [{ role: 'robot', content: 'hi' }] })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/^messages\[0\]\.role: /) });
    await expect(unary('Route', {})).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'job: is required' });
    await expect(unary('Complete', {})).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/^prompt: /) });
  });

  it('answers UNAUTHENTICATED without a known token, and takes the tenant from the token only', async () => {
    await expect(unary('Complete', job())).resolves.toMatchObject({ tenant: 'acme' });
    await expect(unary('Complete', job({ tenant: 'acme' }), null)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(unary('Complete', job(), 'forged')).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'authorization: unknown token' });
  });

  it('answers PERMISSION_DENIED for a model the tenant may not use, the statistics of another tenant and admin methods', async () => {
    await expect(unary('Complete', job({ route: 'model:broken' }), TOKENS.beta)).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    await expect(admin('TenantStats', { tenant: 'acme' }, TOKENS.beta)).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: expect.stringMatching(/^tenant: /) });
    await expect(admin('ListPools', {}, TOKENS.beta)).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    await expect(unary('Complete', job(), TOKENS.admin)).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
  });

  it('answers NOT_FOUND naming the model, and UNAVAILABLE when no model answers', async () => {
    await expect(unary('Complete', job({ route: 'model:nope' }))).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: 'model: unknown model "nope"' });
    await expect(unary('Complete', job({ route: 'nothing-answers' }))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringContaining('broken (pool broken-direct) failed: UPSTREAM_5XX') });
  });

  it('counts a Kafka job and gRPC calls against one tenant limit, answering RESOURCE_EXHAUSTED with when to retry', async () => {
    // The Kafka path's reservation, exactly as the router's route stage makes it, takes one of tiny's two requests this minute.
    const kafkaJob = completeJob({ id: 'kafka-1', tenant: 'tiny', prompt: 'from Kafka' });
    const route = await unary<{ decision: never }>('Route', { job: job() }, TOKENS.tiny);
    const [refusal] = await new UsageReservations(f.store, f.config, pino({ level: 'silent' })).reserveAll([{ job: kafkaJob, decision: route.decision }]);
    expect(refusal).toBeNull();
    await expect(unary('Complete', job(), TOKENS.tiny)).resolves.toMatchObject({ tenant: 'tiny' });
    const err = await unary('Complete', job(), TOKENS.tiny).catch((e: grpc.ServiceError) => e);
    // Refused by the Redis reservation, or already by the engine when a snapshot refresh showed the count first: the same shared limit.
    expect(err).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/tenant (tiny: requests per minute 2 reached|"tiny" is at its limit of 2 requests\/minute)/) });
    const retryAfter = Number((err as grpc.ServiceError).metadata.get('retry-after-ms')[0]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60_000);
  });

  it('Admin shows pools with live state to an admin token, a tenant its own statistics, and drains a pool', async () => {
    const { pools } = await admin<{ pools: { id: string; reachedBy: string; live: boolean; workersWithAddress: number }[] }>('ListPools', {}, TOKENS.admin);
    expect(pools.find((p) => p.id === 'worked-workers')).toMatchObject({ reachedBy: 'worker', live: true, workersWithAddress: 1 });
    expect(pools.find((p) => p.id === 'main-direct')).toMatchObject({ reachedBy: 'direct', live: true });
    await expect(admin('TenantStats', {}, TOKENS.acme)).resolves.toMatchObject({ tenant: 'acme' });
    const { models } = await admin<{ models: { id: string; provider: string; breakerOpen: boolean }[] }>('ListModels', {}, TOKENS.admin);
    expect(models.map((m) => m.id)).toEqual(['main', 'broken', 'drops', 'hangs', 'slow', 'worked']);
    await expect(admin('ReloadConfig', {}, TOKENS.admin)).resolves.toEqual({ version: 'fixture' });
    await expect(admin('ReloadConfig', {}, TOKENS.acme)).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    await expect(admin('DrainPool', { pool: 'nope' }, TOKENS.admin)).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: 'pool: unknown pool "nope"' });
    await admin('DrainPool', { pool: 'hangs-direct' }, TOKENS.admin);
    await expect(unary('Complete', job({ route: 'model:hangs' }))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringContaining('no eligible model') });
  });

  it('Classifier.Classify labels a job as the classifier of the Kafka path does, for a known token only', async () => {
    const client = new SwitchyardClient({ address: f.address, token: TOKENS.acme });
    try {
      await expect(client.classify({ prompt: 'def add(a, b):\n    return a + b  # fix this Python function' })).resolves.toMatchObject({ taskType: 'code', classifier: 'rules' });
      await expect(new SwitchyardClient({ address: f.address, token: 'forged' }).classify({ prompt: 'x' })).rejects.toMatchObject({ status: 'UNAUTHENTICATED' });
    } finally {
      client.close();
    }
  });

  it('the typed client and the CLI commands route, complete and stream against the running front door', async () => {
    const client = new SwitchyardClient({ address: f.address, token: TOKENS.acme });
    try {
      await expect(client.route({ prompt: 'hello', route: 'fallback' })).resolves.toMatchObject({ decision: { model: 'broken' } });
      await expect(client.complete({ prompt: 'hello' })).resolves.toMatchObject({ output: 'abc', tenant: 'acme' });
      const deltas: string[] = [];
      for await (const chunk of client.completeStream({ prompt: 'hello' })) if (chunk.delta) deltas.push(chunk.delta);
      expect(deltas).toEqual(['a', 'b', 'c']);
      await expect(client.complete({ prompt: 'hello', route: 'model:nope' })).rejects.toMatchObject({ status: 'NOT_FOUND', field: 'model' });
    } finally {
      client.close();
    }
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    await expect(completeCommand.run(['--prompt', 'hello', '--stream', '--address', f.address, '--token', TOKENS.acme], io)).resolves.toBe(0);
    expect(out.join('')).toBe('abc\n');
    out.length = 0;
    await expect(routeCommand.run(['--prompt', 'hello', '--route', 'fallback', '--address', f.address, '--token', TOKENS.acme], io)).resolves.toBe(0);
    expect(out[0]).toMatch(/^broken on pool broken-direct \(priority, route fallback\)/);
    out.length = 0;
    await expect(completeCommand.run(['--prompt', 'hello', '--address', f.address, '--token', 'wrong'], io)).resolves.toBe(1);
    expect(out.join('')).toContain('UNAUTHENTICATED: authorization: unknown token');
  });

  it('reports SERVING on grpc.health.v1 for the Router service', async () => {
    const health = new grpc.Client(f.address, grpc.credentials.createInsecure());
    const name = 'switchyard.v1.Router';
    const status = await new Promise<Buffer>((resolve, reject) =>
      health.makeUnaryRequest(
        '/grpc.health.v1.Health/Check',
        (arg: Buffer) => arg,
        (buf: Buffer) => buf,
        Buffer.concat([Buffer.from([0x0a, name.length]), Buffer.from(name)]),
        (err, reply) => (err ? reject(err) : resolve(reply as Buffer)),
      ),
    );
    health.close();
    expect([...status]).toEqual([0x08, 0x01]);
  });

  // Last: it shuts the front door down.
  it('lets a call in flight finish when the server shuts down, and refuses new ones', async () => {
    const inFlight = unary<Result>('Complete', job({ route: 'model:slow' }));
    await until(() => upstream.requests.some((r) => r.body.model === 'slow:400'), 'the upstream to receive the call');
    const closed = f.server.close();
    await expect(inFlight).resolves.toMatchObject({ output: 'slow', model: 'slow' });
    await closed;
    await expect(unary('Complete', job(), TOKENS.acme, { deadline: Date.now() + 2_000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });
});
