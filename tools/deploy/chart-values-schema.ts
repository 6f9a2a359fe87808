/**
 * The Helm chart's values.schema.json, built from two sources: the chart's own keys (below) and the
 * services' config schema (libs/config), converted by zod, for `config`. So `helm install` rejects a
 * wrong config key with the same strictness as the services at start-up, naming the key, and the two
 * cannot drift: chart-values-schema.spec.ts fails when the checked-in file differs from this.
 *   npx tsx tools/deploy/chart-values-schema.ts    rewrites deploy/helm/switchyard/values.schema.json
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { configSchema } from '@switchyard/config';

export const CHART_DIR = path.resolve(__dirname, '../../deploy/helm/switchyard');
export const VALUES_SCHEMA_FILE = path.join(CHART_DIR, 'values.schema.json');

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };
const count = (minimum: number): Schema => ({ type: 'integer', minimum });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false });
/** Kubernetes objects passed through as they are (resources, affinity...): checked by kubernetes-validate, not here. */
const passThrough: Schema = { type: 'object' };
const secretName: Schema = { type: 'string', pattern: '^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$' };

const autoscaling = (required: boolean): Schema =>
  object(
    {
      mode: { enum: ['none', 'hpa', 'keda'] },
      minReplicas: count(0),
      maxReplicas: count(1),
      targetCPUUtilizationPercentage: { type: 'integer', minimum: 1, maximum: 100 },
      lagThreshold: count(1),
      pollingInterval: count(1),
      cooldownPeriod: count(0),
    },
    required ? ['mode', 'minReplicas', 'maxReplicas', 'targetCPUUtilizationPercentage', 'lagThreshold', 'pollingInterval', 'cooldownPeriod'] : [],
  );

const deployment = object({ replicas: count(0), resources: passThrough }, ['replicas']);

/** The chart's values schema: chart keys plus the services' config under `config`. */
export function chartValuesSchema(): Schema {
  const { $schema, ...config } = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Schema;
  return {
    $schema,
    title: 'Switchyard Helm chart values',
    ...object(
      {
        image: object({ repository: { type: 'string', minLength: 1 }, tag: string, pullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] } }, ['repository']),
        imagePullSecrets: { type: 'array', items: object({ name: string }, ['name']) },
        serviceAccount: object({ create: boolean, name: string, annotations: { type: 'object', additionalProperties: string } }),
        kafka: object(
          {
            brokers: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[^:\\s]+:\\d+$' } },
            tls: object({ enabled: boolean, caSecret: secretName, caKey: string }),
            sasl: object({ enabled: boolean, mechanism: { enum: ['plain', 'scram-sha-256', 'scram-sha-512'] }, username: string, passwordSecret: secretName, passwordKey: string }),
          },
          ['brokers'],
        ),
        redis: object({ url: { type: 'string', pattern: '^rediss?://' }, passwordSecret: secretName, passwordKey: string, caSecret: secretName, caKey: string }, ['url']),
        secretEnv: { type: 'array', items: object({ name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, secret: secretName, key: { type: 'string', minLength: 1 } }, ['name', 'secret', 'key']) },
        config,
        podAnnotations: { type: 'object', additionalProperties: string },
        podLabels: { type: 'object', additionalProperties: string },
        nodeSelector: { type: 'object', additionalProperties: string },
        tolerations: { type: 'array', items: passThrough },
        affinity: passThrough,
        topologySpreadConstraints: { type: 'array', items: passThrough },
        classifier: deployment,
        router: deployment,
        scorer: deployment,
        pipelineAdvancer: deployment,
        workers: object(
          {
            replicas: count(0),
            resources: passThrough,
            autoscaling: autoscaling(true),
            pools: { type: 'object', additionalProperties: object({ replicas: count(0), resources: passThrough, autoscaling: autoscaling(false) }) },
          },
          ['replicas', 'autoscaling', 'pools'],
        ),
        podDisruptionBudget: object({ enabled: boolean, maxUnavailable: { type: ['integer', 'string'] } }),
        serviceMonitor: object({ enabled: boolean, interval: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' }, labels: { type: 'object', additionalProperties: string } }),
        networkPolicy: object({ enabled: boolean, clientNamespaceSelector: passThrough, egress: { type: 'array', items: passThrough } }),
      },
      ['image', 'kafka', 'redis', 'config', 'workers'],
    ),
  };
}

if (require.main === module) {
  writeFileSync(VALUES_SCHEMA_FILE, `${JSON.stringify(chartValuesSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), VALUES_SCHEMA_FILE)}\n`);
}
