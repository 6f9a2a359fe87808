/**
 * The proto3 JSON mapping (https://protobuf.dev/programming-guides/json/),
 * read strictly: every field is checked against its declared type, so a
 * producer's `"attempt": "two"` is refused naming the field instead of being
 * coerced (protobufjs's fromObject turns anything into a string or NaN).
 * Field names may be the JSON (lowerCamelCase) or the original proto names,
 * as the mapping requires; a name the message does not declare is refused.
 */
import protobuf from 'protobufjs';

/** A JSON value that does not fit the message; `field` is the path as the producer wrote it, e.g. `messages[0].role`. */
export class Proto3JsonError extends Error {
  readonly code = 'INVALID_JSON';
  /** The refused message's id, when the caller could read one: for the dead-letter log line and headers. */
  jobId?: string;
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(field ? `${field}: ${reason}` : reason);
  }
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);
const FLOATS = new Set(['double', 'float']);
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const INTEGER_TEXT = /^-?\d+$/;

/** The original proto name of a field protobufjs loaded in camelCase (`mimeType` → `mime_type`). */
function protoName(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(type: string, value: unknown, path: string): unknown {
  const fail = (expected: string): never => {
    throw new Proto3JsonError(path, `expected ${expected}, got ${describe(value)}`);
  };
  if (type === 'string') return typeof value === 'string' ? value : fail('a string');
  if (type === 'bool') return typeof value === 'boolean' ? value : fail('true or false');
  if (type === 'bytes') return typeof value === 'string' && BASE64.test(value) ? value.replace(/-/g, '+').replace(/_/g, '/') : fail('base64 text');
  if (FLOATS.has(type)) {
    if (typeof value === 'number') return value;
    if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    return fail('a number');
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : fail('an integer');
  if (!INTEGER_TEXT.test(text)) return fail('an integer');
  if (INT64.has(type)) {
    if (type.startsWith('u') || type === 'fixed64') {
      if (text.startsWith('-')) fail('an integer ≥ 0');
    }
    return text;
  }
  const n = Number(text);
  if (INT32.has(type) && (n < -(2 ** 31) || n >= 2 ** 31)) fail('a 32-bit integer');
  if (UINT32.has(type) && (n < 0 || n >= 2 ** 32)) fail('an integer from 0 to 4294967295');
  return n;
}

function enumValue(type: protobuf.Enum, value: unknown, path: string): number {
  if (typeof value === 'string' && value in type.values) return type.values[value];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new Proto3JsonError(path, `expected one of ${Object.keys(type.values).join(', ')}, got ${describe(value)}`);
}

function fieldValue(field: protobuf.Field, value: unknown, path: string): unknown {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return messageObject(resolved, value, path);
  if (resolved instanceof protobuf.Enum) return enumValue(resolved, value, path);
  return scalar(field.type, value, path);
}

function messageObject(type: protobuf.Type, json: unknown, path: string): Record<string, unknown> {
  if (!isObject(json)) throw new Proto3JsonError(path, `expected an object, got ${describe(json)}`);
  const out: Record<string, unknown> = {};
  const at = (name: string) => (path ? `${path}.${name}` : name);
  for (const [name, value] of Object.entries(json)) {
    const field = type.fields[name] ?? type.fields[name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())];
    if (!field || (name !== field.name && name !== protoName(field.name))) {
      throw new Proto3JsonError(at(name), `is not a field of ${type.fullName.slice(1)}`);
    }
    if (field.name in out) throw new Proto3JsonError(at(name), `is given twice (as ${field.name} and ${protoName(field.name)})`);
    if (value === null) continue;
    if (field instanceof protobuf.MapField) {
      if (!isObject(value)) throw new Proto3JsonError(at(name), `expected an object, got ${describe(value)}`);
      out[field.name] = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fieldValue(field, item, `${at(name)}.${key}`)]));
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw new Proto3JsonError(at(name), `expected an array, got ${describe(value)}`);
      out[field.name] = value.map((item, i) => fieldValue(field, item, `${at(name)}[${i}]`));
    } else {
      out[field.name] = fieldValue(field, value, at(name));
    }
  }
  return out;
}

/**
 * Checks parsed JSON against a message type and returns a plain object for
 * `type.fromObject` (camelCase names, int64 as decimal text, bytes as base64).
 * @throws Proto3JsonError naming the first field that does not fit.
 */
export function fromProto3Json(type: protobuf.Type, json: unknown): Record<string, unknown> {
  return messageObject(type, json, '');
}

/** A message as proto3 JSON: lowerCamelCase names, int64 as text, bytes as base64, default values left out. */
export function toProto3Json(type: protobuf.Type, message: protobuf.Message): Record<string, unknown> {
  return type.toObject(message, { longs: String, enums: String, bytes: String, json: true }) as Record<string, unknown>;
}
