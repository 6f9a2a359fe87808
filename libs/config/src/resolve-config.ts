import { configSchema, type SwitchyardConfig } from './schema';

/** Startup stops with this; the message names every wrong key and what was expected. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Well-known variables that operators and the Helm chart set directly. */
const NAMED_OVERRIDES: Record<string, { path: string[]; parse: (v: string) => unknown }> = {
  KAFKA_BROKERS: { path: ['kafka', 'brokers'], parse: (v) => v.split(',').map((b) => b.trim()).filter(Boolean) },
  REDIS_URL: { path: ['redis', 'url'], parse: (v) => v },
  SWITCHYARD_TOPIC_PREFIX: { path: ['kafka', 'topicPrefix'], parse: (v) => v },
  LOG_LEVEL: { path: ['telemetry', 'logLevel'], parse: (v) => v },
  OTEL_EXPORTER_OTLP_ENDPOINT: { path: ['telemetry', 'otlpEndpoint'], parse: (v) => v },
  SWITCHYARD_INSTANCE: { path: ['instance', 'id'], parse: (v) => v },
  SWITCHYARD_POOL: { path: ['instance', 'pool'], parse: (v) => v },
};

/** `SWITCHYARD__routing__epsilon=0.3` sets routing.epsilon; values are JSON when they parse as JSON. */
const GENERIC_PREFIX = 'SWITCHYARD__';

function parseLoose(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)';
}

/**
 * Applies env overrides to a parsed YAML document and validates the result.
 * Pure: the caller reads the file and the environment.
 */
export function resolveConfig(document: unknown, env: Env, source = 'config'): SwitchyardConfig {
  const raw = structuredClone(document ?? {}) as Record<string, unknown>;
  for (const [name, { path, parse }] of Object.entries(NAMED_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, parse(value));
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(GENERIC_PREFIX) && value !== undefined) {
      setPath(raw, name.slice(GENERIC_PREFIX.length).split('__'), parseLoose(value));
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      source,
      parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  return parsed.data;
}
