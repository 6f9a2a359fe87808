import { z } from 'zod';
import { MODALITIES, modalitySchema } from './modality';
import { pipelineName, pipelineSchema } from './pipeline-schema';

/**
 * The one configuration of a Switchyard deployment. Every object is strict:
 * an unknown key is an error, so a typo never silently falls back to a default.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, ".", "_" or "-"');
const unit = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/i, 'a hex SHA-256 (64 hex digits), e.g. from `printf %s "$TOKEN" | sha256sum`');

export { MODALITIES, modalitySchema };

/** Profile metrics for model-aware priority routing, each 0..1 (higher is better). */
const profileSchema = z.record(z.string(), unit).default({});

const simulatedSchema = z
  .object({
    /** Median latency of one call. @default 200 */
    latencyMedianMs: z.number().min(0).default(200),
    /** 95th percentile latency (log-normal). @default 2 × median */
    latencyP95Ms: z.number().min(0).optional(),
    /** Share of calls that fail. @default 0 */
    failureRate: unit.default(0),
    /** Probability of a correct answer per task type; `default` for the rest. */
    quality: z.record(z.string(), unit).default({ default: 0.8 }),
    /** Mean output tokens per answer. @default 120 */
    outputTokensMean: positiveInt.default(120),
    /** Seed of the deterministic generator. @default 1 */
    seed: z.number().int().default(1),
  })
  .strict();

const replaySchema = z
  .object({
    /** JSONL of recorded outcomes ({id, prompt, outcomes: {model: bool}}). */
    file: z.string().min(1),
    /** Key of this model in `outcomes`. */
    outcomeKey: z.string().min(1),
    /** Latency reported for each answer. @default 0 */
    latencyMs: z.number().min(0).default(0),
  })
  .strict();

export const modelSchema = z
  .object({
    id,
    provider: z.enum(['openai', 'anthropic', 'simulated', 'replay']),
    /** Base URL of an OpenAI-compatible or Anthropic endpoint. */
    endpoint: z.string().url().optional(),
    /** Name of the model at the provider. @default the model id */
    providerModel: z.string().optional(),
    /** Environment variable holding the API key (never logged). */
    apiKeyEnv: z.string().optional(),
    /** File holding the API key, e.g. a mounted Kubernetes secret. */
    apiKeyFile: z.string().optional(),
    pricing: z.object({ inputUsdPerMTok: z.number().min(0), outputUsdPerMTok: z.number().min(0) }).strict(),
    contextWindow: positiveInt,
    modalities: z.array(modalitySchema).min(1).default(['text']),
    profile: profileSchema,
    /** Prior quality per task type (0..1) before any score arrives; `default` for the rest. */
    qualityPrior: z.record(z.string(), unit).default({ default: 0.7 }),
    /** Prior latency before live measurements arrive. @default 1000 */
    latencyPriorMs: z.number().min(0).default(1000),
    /** Expected output tokens, for cost prediction. @default 256 */
    expectedOutputTokens: positiveInt.default(256),
    /** Per-call timeout. @default 30000 */
    timeoutMs: positiveInt.default(30_000),
    limits: z
      .object({ requestsPerMinute: positiveInt.optional(), tokensPerMinute: positiveInt.optional() })
      .strict()
      .default({}),
    simulated: simulatedSchema.optional(),
    replay: replaySchema.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.provider === 'simulated' && !m.simulated) ctx.addIssue({ code: 'custom', path: ['simulated'], message: 'is required when provider is "simulated"' });
    if (m.provider === 'replay' && !m.replay) ctx.addIssue({ code: 'custom', path: ['replay'], message: 'is required when provider is "replay"' });
    if (m.provider === 'openai' && !m.endpoint) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'is required when provider is "openai"' });
  });

export const poolSchema = z
  .object({
    id,
    model: id,
    /** Model calls in flight per worker process. @default 8 */
    concurrency: positiveInt.default(8),
    /**
     * How synchronous calls reach the pool: false through one of its workers
     * (Worker.Execute over gRPC), true straight from the router to the model's
     * upstream, the router holding a lease in the pool for its concurrency.
     * @default false
     */
    direct: z.boolean().default(false),
  })
  .strict();

const ruleSchema = z
  .object({
    when: z
      .object({
        taskType: z.array(z.string()).optional(),
        domain: z.array(z.string()).optional(),
        complexity: z.array(z.string()).optional(),
        language: z.array(z.string()).optional(),
        modality: z.array(modalitySchema).optional(),
        metadata: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    /** Models to use when the rule matches, in order of preference. */
    models: z.array(id).min(1),
  })
  .strict();

const weightsSchema = z
  .object({ quality: z.number().min(0).default(1), cost: z.number().min(0).default(1), latency: z.number().min(0).default(0.1) })
  .strict();

export const POLICIES = [
  'round-robin',
  'random',
  'weighted',
  'least-loaded',
  'lowest-latency',
  'power-of-two',
  'priority',
  'rules',
  'consistent-hash',
  'utility',
  'cascade',
  'learned',
] as const;

export const routeSchema = z
  .object({
    policy: z.enum(POLICIES),
    /** Models this route may choose from. @default every model */
    candidates: z.array(id).optional(),
    /** weighted: relative share of traffic per model. */
    weights: z.record(z.string(), z.number().min(0)).optional(),
    /** priority: profile metrics and their weights, e.g. {accuracy: 2, speed: 1}. */
    priority: z.record(z.string(), z.number()).optional(),
    /** rules: first match wins; `fallbackPolicy` when none matches. */
    rules: z.array(ruleSchema).optional(),
    fallbackPolicy: z.enum(POLICIES).optional(),
    /** consistent-hash: which job field is the key. @default affinity */
    hashKey: z.union([z.enum(['affinity', 'tenant', 'id']), z.string().regex(/^metadata\./)]).default('affinity'),
    /** utility: "weighted" (quality − cost − latency by weights) or "cheapest" (cheapest model meeting min quality). */
    utility: z.enum(['weighted', 'cheapest']).default('weighted'),
    /** Default preference weights when the job does not set its own. */
    preferenceWeights: weightsSchema.prefault({}),
    /** cascade: models from cheapest to strongest; escalate when predicted or scored quality < threshold. */
    cascade: z.object({ models: z.array(id).min(2), threshold: unit.default(0.7) }).strict().optional(),
    /** learned: exploration strategy of the bandit. @default thompson */
    exploration: z.enum(['thompson', 'ucb', 'greedy']).default('thompson'),
  })
  .strict()
  .superRefine((r, ctx) => {
    const need = (key: keyof typeof r, policy: string) => {
      if (r.policy === policy && r[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required when policy is "${policy}"` });
    };
    need('weights', 'weighted');
    need('priority', 'priority');
    need('rules', 'rules');
    need('cascade', 'cascade');
  });

export const tenantSchema = z
  .object({
    id,
    /** Models this tenant may use. @default every model */
    allowModels: z.array(id).optional(),
    /** Spend cap in USD per budget window; none when absent. */
    budgetUsd: z.number().positive().optional(),
    budgetWindow: z.enum(['hour', 'day', 'month']).default('day'),
    requestsPerMinute: positiveInt.optional(),
    tokensPerMinute: positiveInt.optional(),
    /** Route used when a job names none. @default "default" */
    defaultRoute: z.string().default('default'),
    /** Hex SHA-256 of each bearer token of this tenant (the tokens themselves are never stored). @default [] */
    tokenSha256: z.array(sha256Hex).default([]),
  })
  .strict();

export const configSchema = z
  .object({
    kafka: z
      .object({
        brokers: z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port')).min(1).default(['127.0.0.1:9092']),
        clientId: z.string().default('switchyard'),
        /** Prefix of every topic and consumer group, so several deployments share a cluster. */
        topicPrefix: z.string().regex(/^[a-zA-Z0-9._-]*$/).default(''),
        partitions: positiveInt.default(3),
        replicationFactor: positiveInt.default(1),
        /** Consumer session timeout; a dead member's partitions move after this. @default 10000 */
        sessionTimeoutMs: positiveInt.default(10_000),
        /**
         * exactly-once: each hop publishes its outputs and consumed offsets in one Kafka transaction.
         * at-least-once: plain sends then offset commits; only for measuring what the guarantee costs.
         * @default exactly-once
         */
        delivery: z.enum(['exactly-once', 'at-least-once']).default('exactly-once'),
        /**
         * The brokers' `message.max.bytes` (or the topics' `max.message.bytes`, if lower). Every hop checks a
         * record against it before producing: one that would not fit goes to the DLQ (RECORD_TOO_LARGE), cut to fit.
         * @default 1048588 (Kafka's default)
         */
        maxMessageBytes: positiveInt.min(10_000).default(1_048_588),
        /** Also publish each result as proto3 JSON on `switchyard.results.json`, in the same transaction. @default false */
        resultsJsonMirror: z.boolean().default(false),
        /** TLS to the brokers, from PEM files (e.g. a mounted Kubernetes secret); `{}` trusts the system CAs. Absent: plaintext. */
        tls: z
          .object({ caFile: z.string().min(1).optional(), certFile: z.string().min(1).optional(), keyFile: z.string().min(1).optional() })
          .strict()
          .optional(),
        /** SASL authentication; the password is read from `passwordFile` at start-up, never written in the config. */
        sasl: z
          .object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string().min(1), passwordFile: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    redis: z
      .object({ url: z.string().regex(/^rediss?:\/\//, 'a redis:// URL').default('redis://127.0.0.1:6379'), keyPrefix: z.string().default('sy:') })
      .strict()
      .prefault({}),
    models: z.array(modelSchema).min(1),
    pools: z.array(poolSchema).min(1),
    routing: z
      .object({
        /** Bounded-load slack: no pool above ⌈(1+ε)·average⌉ in-flight. @default 0.25 */
        epsilon: z.number().positive().max(10).default(0.25),
        snapshotRefreshMs: z.number().int().min(10).max(5_000).default(75),
        /** Model calls per job, first try included, before the DLQ. @default 3 */
        maxAttempts: positiveInt.default(3),
        /** Seconds without a heartbeat after which a pool counts as gone. @default 10 */
        poolLeaseSeconds: positiveInt.default(10),
        breaker: z
          .object({
            consecutiveFailures: positiveInt.default(5),
            baseEjectionMs: positiveInt.default(10_000),
            maxEjectionMs: positiveInt.default(300_000),
          })
          .strict()
          .prefault({}),
        routes: z.record(z.string(), routeSchema),
        /** Learned-quality artifact (from `switchyard replay --save`) the router starts from; it keeps learning online. */
        learnedArtifact: z.string().optional(),
        /** How often the router reloads the scorer's statistics into its learned predictor. @default 2000 */
        learnedRefreshMs: positiveInt.default(2_000),
        /**
         * The candidates a routed Kafka job's decision (and so its result) carries: `refused`, those a
         * hard constraint excluded, with the reason; `all`, the whole scored table as well (about 55
         * bytes more per eligible candidate on every routed job and result). Router.Route always
         * answers with all. @default "refused"
         */
        jobCandidates: z.enum(['refused', 'all']).default('refused'),
      })
      .strict(),
    tenants: z.array(tenantSchema).default([]),
    /** Jobs of a tenant missing from `tenants`: never served without limits. */
    unknownTenants: z
      .object({
        /**
         * reject: to the DLQ (UNKNOWN_TENANT). as-tenant: routed, limited and budgeted as the `tenant` entry,
         * whose limits every unknown tenant shares. @default reject
         */
        policy: z.enum(['reject', 'as-tenant']).default('reject'),
        /** The `tenants` entry unknown tenants count as; required when policy is as-tenant. */
        tenant: id.optional(),
      })
      .strict()
      .prefault({}),
    /** Multi-model pipelines by name; a job naming one runs its steps (docs/pipelines.md). @default {} */
    pipelines: z.record(pipelineName, pipelineSchema).default({}),
    /** Who may call the synchronous front doors (gRPC and HTTP): a tenant is known by its bearer token only. */
    auth: z
      .object({
        /** Tenant of calls without a bearer token; absent: every call needs a token. */
        anonymousTenant: id.optional(),
        /** Hex SHA-256 of operator tokens: every Admin method, any tenant's statistics; no model calls. @default [] */
        adminTokenSha256: z.array(sha256Hex).default([]),
      })
      .strict()
      .prefault({}),
    /** The gRPC servers of every service. */
    grpc: z
      .object({
        /** TLS from PEM files; absent: plaintext (loopback and service meshes only). */
        tls: z
          .object({
            certFile: z.string().min(1),
            keyFile: z.string().min(1),
            /** mTLS: clients must present a certificate signed by this CA. */
            clientCaFile: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
        /** Largest request or response message. @default 4194304 (4 MiB) */
        maxMessageBytes: positiveInt.default(4 * 1024 * 1024),
        /** Ping an idle connection this often. @default 30000 */
        keepaliveTimeMs: positiveInt.default(30_000),
        /** Close a connection whose ping is not answered in this time. @default 10000 */
        keepaliveTimeoutMs: positiveInt.default(10_000),
        /** On shutdown, how long calls in flight may run before they are cancelled. @default 10000 */
        drainTimeoutMs: positiveInt.default(10_000),
        /**
         * Host a model-worker publishes with its lease for the router's Worker.Execute calls
         * (on Kubernetes, the pod IP: SWITCHYARD__grpc__advertiseHost from status.podIP). @default "127.0.0.1"
         */
        advertiseHost: z.string().min(1).default('127.0.0.1'),
      })
      .strict()
      .prefault({}),
    /** The router's OpenAI-compatible HTTP API (`POST /v1/chat/completions`, `GET /v1/models`), same auth as gRPC. */
    openaiApi: z
      .object({
        /** Serve it. @default true */
        enabled: z.boolean().default(true),
        /** Its port (0: any free port). @default 8080 */
        port: z.number().int().min(0).default(8080),
        /** Largest request body; a larger one is refused with 413. @default 4194304 (4 MiB) */
        maxBodyBytes: positiveInt.default(4 * 1024 * 1024),
        /** On shutdown, how long calls in flight may run before their connections are closed. @default 10000 */
        drainTimeoutMs: positiveInt.default(10_000),
      })
      .strict()
      .prefault({}),
    classifier: z
      .object({
        /** Trained model artifact; rules are used while it is absent. */
        modelPath: z.string().optional(),
        reloadIntervalMs: positiveInt.default(5_000),
        /**
         * A job id seen again within this window yields no second result: the same content is dropped, other
         * content goes to the DLQ (DUPLICATE_JOB_ID). After it, the id is a new job. @default 86400 (24 h)
         */
        dedupeWindowSeconds: positiveInt.default(86_400),
      })
      .strict()
      .prefault({}),
    scorer: z
      .object({
        scorers: z.array(z.enum(['reference', 'regex', 'json', 'nonempty', 'judge'])).default(['reference', 'regex', 'json', 'nonempty']),
        /** Model used by the LLM-judge scorer. */
        judgeModel: id.optional(),
      })
      .strict()
      .prefault({}),
    telemetry: z
      .object({
        logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        /** Prompts stay out of logs and traces unless this is true. @default false */
        logPrompts: z.boolean().default(false),
        otlpEndpoint: z.string().url().optional(),
      })
      .strict()
      .prefault({}),
    ports: z
      .object({
        classifierHttp: z.number().int().min(0).default(8081),
        routerHttp: z.number().int().min(0).default(8082),
        workerHttp: z.number().int().min(0).default(8083),
        scorerHttp: z.number().int().min(0).default(8084),
        pipelineAdvancerHttp: z.number().int().min(0).default(8085),
        routerGrpc: z.number().int().min(0).default(50051),
        classifierGrpc: z.number().int().min(0).default(50052),
        workerGrpc: z.number().int().min(0).default(50053),
        scorerGrpc: z.number().int().min(0).default(50054),
      })
      .strict()
      .prefault({}),
    /**
     * This process among its replicas. Set per process by the environment (SWITCHYARD_INSTANCE,
     * SWITCHYARD_POOL), not in the file every replica shares.
     */
    instance: z
      .object({
        /** Names the replica in pool leases, producer ids and logs. @default "<hostname>-<pid>" */
        id: z.string().min(1).optional(),
        /** The pool a model-worker serves; a model-worker refuses to start without it. */
        pool: id.optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const models = new Set(c.models.map((m) => m.id));
    const unknownModel = (path: (string | number)[], modelId: string) => {
      if (!models.has(modelId)) ctx.addIssue({ code: 'custom', path, message: `names unknown model "${modelId}"` });
    };
    c.pools.forEach((p, i) => unknownModel(['pools', i, 'model'], p.model));
    c.models.forEach((m, i) => {
      if (!c.pools.some((p) => p.model === m.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `model "${m.id}" has no pool serving it` });
    });
    for (const [name, route] of Object.entries(c.routing.routes)) {
      route.candidates?.forEach((m, i) => unknownModel(['routing', 'routes', name, 'candidates', i], m));
      route.cascade?.models.forEach((m, i) => unknownModel(['routing', 'routes', name, 'cascade', 'models', i], m));
      route.rules?.forEach((rule, r) => rule.models.forEach((m, i) => unknownModel(['routing', 'routes', name, 'rules', r, 'models', i], m)));
      Object.keys(route.weights ?? {}).forEach((m) => unknownModel(['routing', 'routes', name, 'weights', m], m));
    }
    if (!c.routing.routes.default) ctx.addIssue({ code: 'custom', path: ['routing', 'routes', 'default'], message: 'a route named "default" is required' });
    if (c.unknownTenants.policy === 'as-tenant' && !c.tenants.some((t) => t.id === c.unknownTenants.tenant)) {
      const message = c.unknownTenants.tenant ? `names "${c.unknownTenants.tenant}", which is not in tenants` : 'is required when policy is "as-tenant"';
      ctx.addIssue({ code: 'custom', path: ['unknownTenants', 'tenant'], message });
    }
    c.tenants.forEach((t, i) => {
      t.allowModels?.forEach((m, j) => unknownModel(['tenants', i, 'allowModels', j], m));
      if (!c.routing.routes[t.defaultRoute]) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'defaultRoute'], message: `names unknown route "${t.defaultRoute}"` });
    });
    if (c.auth.anonymousTenant && !c.tenants.some((t) => t.id === c.auth.anonymousTenant)) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'anonymousTenant'], message: `names unknown tenant "${c.auth.anonymousTenant}"` });
    }
    if (c.scorer.judgeModel) unknownModel(['scorer', 'judgeModel'], c.scorer.judgeModel);
    if (c.instance.pool && !c.pools.some((p) => p.id === c.instance.pool)) {
      ctx.addIssue({ code: 'custom', path: ['instance', 'pool'], message: `names unknown pool "${c.instance.pool}" (pools: ${c.pools.map((p) => p.id).join(', ')})` });
    }
    for (const list of ['models', 'pools', 'tenants'] as const) {
      const seen = new Set<string>();
      c[list].forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    }
  });

export type SwitchyardConfig = z.infer<typeof configSchema>;
/** A config document as written (defaults not yet applied), e.g. parsed YAML a harness modifies. */
export type ConfigDocument = z.input<typeof configSchema>;
export type ModelConfig = SwitchyardConfig['models'][number];
export type PoolConfig = SwitchyardConfig['pools'][number];
export type RouteConfig = z.infer<typeof routeSchema>;
export type RoutePolicyName = (typeof POLICIES)[number];
export type TenantConfig = SwitchyardConfig['tenants'][number];
export type GrpcConfig = SwitchyardConfig['grpc'];
export type { Modality } from './modality';
