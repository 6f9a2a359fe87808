import { invalidField } from './api-error';
import { BODY_FIELD, REQUEST_HEADERS } from './switchyard-headers';

/** Incoming headers as node:http gives them (names lower case). */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** Switchyard's own wishes for one call; absent means the route's default. */
export interface CallerPreferences {
  maxCostUsd?: number;
  maxLatencyMs?: number;
  minQuality?: number;
  qualityWeight?: number;
  costWeight?: number;
  latencyWeight?: number;
  affinityKey?: string;
  timeoutMs?: number;
}

type Kind = 'nonNegative' | 'unit' | 'positiveInt' | 'string';

/** Each preference: its header, its place in the `switchyard` body field, and what values it takes. */
const PREFERENCES: { key: keyof CallerPreferences; header: string; body: string; kind: Kind }[] = [
  { key: 'maxCostUsd', header: REQUEST_HEADERS.maxCostUsd, body: 'max_cost_usd', kind: 'nonNegative' },
  { key: 'maxLatencyMs', header: REQUEST_HEADERS.maxLatencyMs, body: 'max_latency_ms', kind: 'positiveInt' },
  { key: 'minQuality', header: REQUEST_HEADERS.minQuality, body: 'min_quality', kind: 'unit' },
  { key: 'qualityWeight', header: REQUEST_HEADERS.qualityWeight, body: 'weights.quality', kind: 'nonNegative' },
  { key: 'costWeight', header: REQUEST_HEADERS.costWeight, body: 'weights.cost', kind: 'nonNegative' },
  { key: 'latencyWeight', header: REQUEST_HEADERS.latencyWeight, body: 'weights.latency', kind: 'nonNegative' },
  { key: 'affinityKey', header: REQUEST_HEADERS.affinityKey, body: 'affinity_key', kind: 'string' },
  { key: 'timeoutMs', header: REQUEST_HEADERS.timeoutMs, body: 'timeout_ms', kind: 'positiveInt' },
];

const BODY_KEYS = new Set(['max_cost_usd', 'max_latency_ms', 'min_quality', 'weights', 'affinity_key', 'timeout_ms']);
const WEIGHT_KEYS = new Set(['quality', 'cost', 'latency']);
const PROBLEMS: Record<Kind, string> = {
  nonNegative: 'must be a number ≥ 0',
  unit: 'must be a number between 0 and 1',
  positiveInt: 'must be a positive integer',
  string: 'must be a non-empty string',
};

/**
 * Reads the preferences from `x-switchyard-*` headers and the `switchyard` body field. Either place
 * works; the same preference given in both with different values is refused naming both.
 */
export function parsePreferences(headers: HeaderBag, bodyField: unknown): CallerPreferences {
  const body = bodyValues(bodyField);
  const preferences: CallerPreferences = {};
  for (const spec of PREFERENCES) {
    const raw = headers[spec.header];
    const fromHeader = raw === undefined ? undefined : checked(spec.kind, spec.kind === 'string' ? String(raw) : Number(raw), spec.header);
    const fromBody = body.get(spec.body) === undefined ? undefined : checked(spec.kind, body.get(spec.body), `${BODY_FIELD}.${spec.body}`);
    if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
      throw invalidField(`${BODY_FIELD}.${spec.body}`, `says ${JSON.stringify(fromBody)} but header ${spec.header} says ${JSON.stringify(fromHeader)}; give one`);
    }
    const value = fromHeader ?? fromBody;
    if (value !== undefined) Object.assign(preferences, { [spec.key]: value });
  }
  return preferences;
}

function bodyValues(field: unknown): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (field === undefined || field === null) return values;
  if (typeof field !== 'object' || Array.isArray(field)) throw invalidField(BODY_FIELD, 'must be an object');
  for (const [key, value] of Object.entries(field)) {
    if (!BODY_KEYS.has(key)) throw invalidField(`${BODY_FIELD}.${key}`, `is not a preference (known: ${[...BODY_KEYS].join(', ')})`);
    if (key !== 'weights') {
      values.set(key, value);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField(`${BODY_FIELD}.weights`, 'must be an object {quality, cost, latency}');
    for (const [weight, w] of Object.entries(value)) {
      if (!WEIGHT_KEYS.has(weight)) throw invalidField(`${BODY_FIELD}.weights.${weight}`, 'is not a weight (known: quality, cost, latency)');
      values.set(`weights.${weight}`, w);
    }
  }
  return values;
}

function checked(kind: Kind, value: unknown, name: string): number | string {
  const ok =
    kind === 'string'
      ? typeof value === 'string' && value !== ''
      : typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= 0 &&
        (kind !== 'unit' || value <= 1) &&
        (kind !== 'positiveInt' || (Number.isInteger(value) && value > 0));
  if (!ok) throw invalidField(name, `${PROBLEMS[kind]} (got ${JSON.stringify(value)})`);
  return value as number | string;
}
