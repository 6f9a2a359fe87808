import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { resolveConfig } from '@switchyard/config';
import { consumerGroups, topicNames } from '@switchyard/messaging';
import { CHART_DIR, chartValuesSchema, VALUES_SCHEMA_FILE } from './chart-values-schema';
import { chartValuesFiles, customResourceProblems, helmLint, helmTemplate, isCustomResource, kubernetesValidate, renderChart, renderedConfig, type Manifest } from './helm-chart';

const label = (file?: string) => (file ? path.basename(file) : 'default values');

/** A values file with these contents, for the rejection tests. */
function writeValues(contents: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchyard-values-')), 'values.yaml');
  writeFileSync(file, contents);
  return file;
}

type Container = { name: string; env?: { name: string; value?: string }[]; volumeMounts?: { name: string; mountPath: string }[] };
type PodSpec = { containers: Container[]; volumes: { name: string; secret?: { secretName: string; items: { key: string; path: string }[] } }[] };
const podSpec = (deployment: Manifest) => (deployment as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;

describe('the Helm chart, checked by helm and kubernetes-validate', () => {
  describe.each(chartValuesFiles().map((file) => [label(file), file] as const))('with %s', (_name, file) => {
    const manifests = renderChart(file);

    it('passes helm lint --strict', () => {
      const lint = helmLint(file);
      expect({ status: lint.status, output: lint.output }).toEqual({ status: 0, output: expect.stringContaining('0 chart(s) failed') });
    });

    it('renders built-in objects that kubernetes-validate accepts strictly (no unknown field, no wrong type)', () => {
      const builtIn = manifests.filter((m) => !isCustomResource(m));
      const validation = kubernetesValidate(builtIn);
      expect({ status: validation.status, problems: validation.output.split('\n').filter((line) => /^(ERROR|WARN)/.test(line)) }).toEqual({ status: 0, problems: [] });
      // Every object was checked, none skipped for want of a schema.
      expect(validation.output.match(/ passed for resource /g)?.length).toBe(builtIn.length);
    });

    it('renders custom resources that match the fields of their CRDs', () => {
      expect(manifests.filter(isCustomResource).flatMap(customResourceProblems)).toEqual([]);
    });

    it("renders a config the services' own validator accepts, with the chart's Kafka and Redis in it", () => {
      const config = resolveConfig(renderedConfig(manifests), {}, `ConfigMap of ${label(file)}`);
      const brokers = (valuesFile?: string) => (parse(readFileSync(valuesFile ?? path.join(CHART_DIR, 'values.yaml'), 'utf8')) as { kafka?: { brokers?: string[] } }).kafka?.brokers;
      expect(config.kafka.brokers).toEqual(brokers(file) ?? brokers());
      const deployments = manifests.filter((m) => m.kind === 'Deployment');
      expect(deployments.map((d) => d.metadata.name).filter((n) => n.includes('-worker-'))).toEqual(config.pools.map((p) => `sy-switchyard-worker-${p.id}`));
      // Files the config names are mounted where it says, in every pod.
      const files = [config.kafka.sasl?.passwordFile, config.kafka.tls?.caFile].filter((f): f is string => f !== undefined);
      for (const deployment of deployments) {
        const spec = podSpec(deployment);
        const mounted = spec.containers[0].volumeMounts!.flatMap((mount) =>
          (spec.volumes.find((v) => v.name === mount.name)?.secret?.items ?? []).map((item) => path.join(mount.mountPath, item.path)),
        );
        expect(mounted).toEqual(expect.arrayContaining(files));
      }
    });

    it("scales each KEDA-scaled pool on its own topic's lag for its own consumer group", () => {
      const config = resolveConfig(renderedConfig(manifests), {}, label(file));
      const topics = topicNames(config.kafka.topicPrefix);
      const groups = consumerGroups(config.kafka.topicPrefix);
      for (const scaled of manifests.filter((m) => m.kind === 'ScaledObject')) {
        const pool = config.pools.find((p) => scaled.metadata.name === `sy-switchyard-worker-${p.id}`)!;
        const [trigger] = (scaled as unknown as { spec: { triggers: { metadata: Record<string, string> }[] } }).spec.triggers;
        expect(trigger.metadata).toMatchObject({ topic: topics.pool(pool.id), consumerGroup: groups.worker(pool.id), bootstrapServers: config.kafka.brokers.join(',') });
      }
    });
  });

  it('renders TLS, SASL, KEDA, HPA, ServiceMonitor and NetworkPolicy from the production values', () => {
    const production = chartValuesFiles().find((f) => f?.endsWith('production-values.yaml'));
    const kinds = renderChart(production).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ScaledObject', 'TriggerAuthentication', 'HorizontalPodAutoscaler', 'ServiceMonitor', 'NetworkPolicy', 'PodDisruptionBudget']));
    const config = resolveConfig(renderedConfig(renderChart(production)), {}, 'production');
    expect(config.kafka.tls).toEqual({ caFile: '/etc/switchyard/kafka-tls/ca.crt' });
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'switchyard', passwordFile: '/etc/switchyard/kafka-sasl/password' });
  });

  it('keeps secrets out of the ConfigMap: a Redis password reaches the pods only from its Secret', () => {
    const production = chartValuesFiles().find((f) => f?.endsWith('production-values.yaml'));
    const manifests = renderChart(production);
    expect(JSON.stringify(renderedConfig(manifests))).not.toMatch(/password@|REDIS_PASSWORD/);
    const env = podSpec(manifests.find((m) => m.kind === 'Deployment')!).containers[0].env!;
    expect(env.find((e) => e.name === 'REDIS_URL')?.value).toBe('rediss://:$(REDIS_PASSWORD)@redis.example.com:6380');
    expect(env.findIndex((e) => e.name === 'REDIS_PASSWORD')).toBeLessThan(env.findIndex((e) => e.name === 'REDIS_URL'));
  });

  it.each([
    ['a config key misspelt', 'config:\n  kafka:\n    partitons: 3\n', "at '/config/kafka': additional properties 'partitons' not allowed"],
    ['an unknown routing policy', 'config:\n  routing:\n    routes:\n      default: { policy: fastest }\n', "at '/config/routing/routes/default/policy'"],
    ['a broker without a port', 'kafka:\n  brokers: [kafka]\n', "at '/kafka/brokers/0'"],
    ['an autoscaling mode that does not exist', 'workers:\n  autoscaling: { mode: cpu }\n', "at '/workers/autoscaling/mode': value must be one of 'none', 'hpa', 'keda'"],
    ['an unknown top-level key', 'replicaCount: 3\n', "additional properties 'replicaCount' not allowed"],
  ])('rejects a values file with %s, naming the key', (_what, contents, message) => {
    const rendered = helmTemplate(writeValues(contents));
    expect(rendered.status).not.toBe(0);
    expect(rendered.output).toContain(message);
  });

  it('finds a KEDA trigger value that is not a string and a misspelt ServiceMonitor field', () => {
    const production = renderChart(chartValuesFiles().find((f) => f?.endsWith('production-values.yaml')));
    const scaled = production.find((m) => m.kind === 'ScaledObject') as Manifest & { spec: { triggers: { metadata: Record<string, unknown> }[] } };
    const numeric = { ...scaled, spec: { ...scaled.spec, triggers: [{ ...scaled.spec.triggers[0], metadata: { ...scaled.spec.triggers[0].metadata, lagThreshold: 100 } }] } };
    expect(customResourceProblems(numeric)).toEqual([expect.stringContaining('/spec/triggers/0/metadata/lagThreshold: must be string')]);
    const monitor = production.find((m) => m.kind === 'ServiceMonitor') as Manifest & { spec: { endpoints: object[] } };
    const misspelt = { ...monitor, spec: { ...monitor.spec, endpoints: [{ ...monitor.spec.endpoints[0], intervall: '15s' }] } };
    expect(customResourceProblems(misspelt)).toEqual([expect.stringContaining('/spec/endpoints/0: must NOT have additional properties (intervall)')]);
  });

  it('lets kubernetes-validate reject an unknown field, so its passes mean something', () => {
    const [deployment] = renderChart().filter((m) => m.kind === 'Deployment');
    const broken = { ...deployment, spec: { ...(deployment.spec as object), replicaz: 2 } };
    const validation = kubernetesValidate([broken]);
    expect(validation.status).not.toBe(0);
    expect(validation.output).toContain("'replicaz' was unexpected");
  });

  it("has a values.schema.json that is the one built from the chart's keys and the services' config schema", () => {
    const checkedIn = JSON.parse(readFileSync(VALUES_SCHEMA_FILE, 'utf8')) as unknown;
    if (!isDeepStrictEqual(checkedIn, chartValuesSchema())) {
      throw new Error('deploy/helm/switchyard/values.schema.json differs from libs/config and the chart keys: run `npx tsx tools/deploy/chart-values-schema.ts` and commit it');
    }
  });
});
