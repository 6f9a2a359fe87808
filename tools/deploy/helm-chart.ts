/**
 * Renders and checks the Helm chart with the real tools, offline: `helm template`/`helm lint`
 * (built with go install) and `kubernetes-validate` (PyPI, bundles the Kubernetes schemas).
 * Custom resources, which kubernetes-validate does not know, are checked against crd-schemas/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parseAllDocuments, stringify } from 'yaml';
import { testTool } from '../jest/test-tools';
import { CHART_DIR } from './chart-values-schema';

/** The Kubernetes release the manifests are validated against (the newest kubernetes-validate bundles). */
export const KUBERNETES_VERSION = '1.37.0';
export const RELEASE = 'sy';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface ToolRun {
  status: number | null;
  output: string;
}

function run(command: string, args: string[]): ToolRun {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The values files chart-testing would install: the defaults (no file) and each of ci/*-values.yaml. */
export function chartValuesFiles(): (string | undefined)[] {
  const ci = path.join(CHART_DIR, 'ci');
  return [undefined, ...readdirSync(ci).filter((f) => f.endsWith('-values.yaml')).map((f) => path.join(ci, f))];
}

export function helmLint(valuesFile?: string): ToolRun {
  return run(testTool('helm'), ['lint', '--strict', CHART_DIR, '--kube-version', KUBERNETES_VERSION, ...(valuesFile ? ['-f', valuesFile] : [])]);
}

export function helmTemplate(valuesFile?: string): ToolRun {
  return run(testTool('helm'), ['template', RELEASE, CHART_DIR, '--kube-version', KUBERNETES_VERSION, ...(valuesFile ? ['-f', valuesFile] : [])]);
}

/** The rendered objects; throws with helm's output when rendering fails. */
export function renderChart(valuesFile?: string): Manifest[] {
  const rendered = helmTemplate(valuesFile);
  if (rendered.status !== 0) throw new Error(`helm template ${valuesFile ?? '(default values)'} failed:\n${rendered.output}`);
  return parseAllDocuments(rendered.output)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

/** Groups of the custom resources the chart may render; everything else is a built-in kind. */
const CRD_GROUPS = ['monitoring.coreos.com/', 'keda.sh/'];

export function isCustomResource(manifest: Manifest): boolean {
  return CRD_GROUPS.some((group) => manifest.apiVersion.startsWith(group));
}

/** kubernetes-validate --strict on these objects (written to one file), offline. */
export function kubernetesValidate(manifests: Manifest[]): ToolRun {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchyard-chart-')), 'rendered.yaml');
  writeFileSync(file, manifests.map((m) => stringify(m)).join('---\n'));
  return run(testTool('kubernetes-validate'), ['--strict', '-k', KUBERNETES_VERSION, file]);
}

const CRD_SCHEMA_DIR = path.join(__dirname, 'crd-schemas');
const CRD_SCHEMAS: Record<string, string> = {
  'monitoring.coreos.com/v1/ServiceMonitor': 'servicemonitor.schema.json',
  'keda.sh/v1alpha1/ScaledObject': 'scaledobject.schema.json',
  'keda.sh/v1alpha1/TriggerAuthentication': 'triggerauthentication.schema.json',
};

/** Problems of one custom resource against its schema; a kind without a schema is itself a problem. */
export function customResourceProblems(manifest: Manifest): string[] {
  const schemaFile = CRD_SCHEMAS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!schemaFile) return [`${manifest.apiVersion} ${manifest.kind}: no schema in tools/deploy/crd-schemas`];
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addSchema(JSON.parse(readFileSync(path.join(CRD_SCHEMA_DIR, 'metadata.schema.json'), 'utf8')));
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(CRD_SCHEMA_DIR, schemaFile), 'utf8')));
  if (validate(manifest as unknown)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return `${manifest.kind}/${manifest.metadata.name}${e.instancePath}: ${e.message}${extra ? ` (${extra})` : ''}`;
  });
}

/** The config file the chart's ConfigMap carries, parsed. */
export function renderedConfig(manifests: Manifest[]): unknown {
  const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-config'));
  if (!configMap) throw new Error('the chart rendered no config ConfigMap');
  const [document] = parseAllDocuments((configMap as unknown as { data: Record<string, string> }).data['switchyard.yaml']);
  return document.toJS();
}
