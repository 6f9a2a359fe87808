import path from 'node:path';
import { ConfigError, resolveConfig } from './resolve-config';
import { loadConfig } from './load-config';

const SAMPLE = path.resolve(__dirname, '../../../config/switchyard.yaml');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break documents on purpose
function minimal(): Record<string, any> {
  return {
    models: [{ id: 'm', provider: 'simulated', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 }, contextWindow: 1000, simulated: {} }],
    pools: [{ id: 'p', model: 'm' }],
    routing: { routes: { default: { policy: 'round-robin' } } },
  };
}

function problemsOf(document: unknown, env: Record<string, string> = {}): string[] {
  try {
    resolveConfig(document, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('resolveConfig', () => {
  it('fills documented defaults for a minimal file', () => {
    const config = resolveConfig(minimal(), {});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.delivery).toBe('exactly-once');
    expect(config.routing.epsilon).toBe(0.25);
    expect(config.pools[0].concurrency).toBe(8);
    expect(config.telemetry.logPrompts).toBe(false);
    expect(config.routing.breaker).toEqual({ consecutiveFailures: 5, baseEjectionMs: 10_000, maxEjectionMs: 300_000 });
    expect(config.routing.routes.default.preferenceWeights).toEqual({ quality: 1, cost: 1, latency: 0.1 });
    expect(config.instance).toEqual({});
  });

  it("takes the process's identity from SWITCHYARD_INSTANCE and SWITCHYARD_POOL, and names a pool the config lacks", () => {
    expect(resolveConfig(minimal(), { SWITCHYARD_INSTANCE: 'worker-7', SWITCHYARD_POOL: 'p' }).instance).toEqual({ id: 'worker-7', pool: 'p' });
    expect(problemsOf(minimal(), { SWITCHYARD_POOL: 'nope' })).toEqual(['instance.pool: names unknown pool "nope" (pools: p)']);
  });

  it('needs an endpoint for an OpenAI-compatible model only', () => {
    const withProvider = (provider: string) => ({ ...minimal(), models: [{ ...minimal().models[0], provider, simulated: undefined }] });
    expect(problemsOf(withProvider('openai'))).toEqual(['models[0].endpoint: is required when provider is "openai"']);
    expect(problemsOf(withProvider('anthropic'))).toEqual([]);
  });

  it('rejects jobs of unknown tenants by default, and needs a known tenant entry to count them as', () => {
    const config = resolveConfig(minimal(), {});
    expect(config.unknownTenants).toEqual({ policy: 'reject' });
    expect(config.kafka.maxMessageBytes).toBe(1_048_588);
    expect(config.classifier.dedupeWindowSeconds).toBe(86_400);
    const doc = minimal();
    doc.unknownTenants = { policy: 'as-tenant', tenant: 'guests' };
    expect(problemsOf(doc)).toEqual(['unknownTenants.tenant: names "guests", which is not in tenants']);
    doc.tenants = [{ id: 'guests', requestsPerMinute: 60 }];
    expect(problemsOf(doc)).toEqual([]);
  });

  it('names the key and what was expected when a value has the wrong type', () => {
    const doc = minimal();
    doc.models[0].contextWindow = 'big';
    expect(problemsOf(doc)).toEqual([expect.stringMatching(/^models\[0\]\.contextWindow: .*number/)]);
  });

  it('rejects an unknown key instead of ignoring a typo', () => {
    const doc = minimal();
    doc.routing.epsilom = 0.3;
    expect(problemsOf(doc).join('\n')).toMatch(/routing: .*epsilom/);
  });

  it('names a pool that points at a model nobody configured', () => {
    const doc = minimal();
    doc.pools.push({ id: 'q', model: 'ghost' });
    expect(problemsOf(doc)).toContain('pools[1].model: names unknown model "ghost"');
  });

  it('requires the options a policy needs', () => {
    const doc = minimal();
    doc.routing.routes.default = { policy: 'weighted' };
    expect(problemsOf(doc)).toContain('routing.routes.default.weights: is required when policy is "weighted"');
  });

  it('applies KAFKA_BROKERS, REDIS_URL and SWITCHYARD__ overrides from the environment', () => {
    const config = resolveConfig(minimal(), { KAFKA_BROKERS: 'a:1,b:2', REDIS_URL: 'redis://r:7', SWITCHYARD__routing__epsilon: '0.5' });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.redis.url).toBe('redis://r:7');
    expect(config.routing.epsilon).toBe(0.5);
  });

  it('reports an override that breaks the schema under the key it set', () => {
    expect(problemsOf(minimal(), { KAFKA_BROKERS: 'no-port' })).toEqual([expect.stringMatching(/^kafka\.brokers\[0\]: .*host:port/)]);
  });

  it('loads the shipped sample config', () => {
    const config = loadConfig({ SWITCHYARD_CONFIG: SAMPLE });
    expect(config.models.map((m) => m.id)).toEqual(['small-fast', 'large-general']);
    expect(Object.keys(config.routing.routes)).toContain('default');
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadConfig({ SWITCHYARD_CONFIG: '/nonexistent/switchyard.yaml' })).toThrow(/\/nonexistent\/switchyard.yaml[\s\S]*cannot read the file/);
  });
});
