import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { BoundedCache } from '../bounded-cache';
import type { SyncScorer } from '../scorer';

const CACHED_SCHEMAS = 500;

/** Job metadata asking for a JSON answer without a schema: `response_format: json`. */
export const RESPONSE_FORMAT_METADATA_KEY = 'response_format';
const JSON_FORMATS = new Set(['json', 'json_object']);

/** A compiled schema, or why it could not be compiled. */
type CompiledSchema = { validate: ValidateFunction } | { error: string };

// One validator per JSON Schema draft, chosen by the schema's $schema (draft-07 when absent).
// strict off: producers' schemas use keywords and formats Ajv would otherwise reject.
const options = { strict: false, allErrors: true, logger: false as const, validateFormats: false };
const validators = { draft7: new Ajv(options), draft2019: new Ajv2019(options), draft2020: new Ajv2020(options) };

export function compileJsonSchema(text: string): CompiledSchema {
  try {
    const schema = JSON.parse(text);
    const draft = String(schema?.$schema ?? '');
    const ajv = draft.includes('2020-12') ? validators.draft2020 : draft.includes('2019-09') ? validators.draft2019 : validators.draft7;
    return { validate: ajv.compile(schema) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The JSON in an answer: the whole text, or the body of a ```json fenced block models like to add. */
export function extractJson(output: string): { value: unknown } | null {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(output);
  try {
    return { value: JSON.parse(fenced ? fenced[1] : output) };
  } catch {
    return null;
  }
}

/**
 * Applies when `reference.jsonSchema` is set or metadata.response_format is json. Quality 1 when the
 * answer parses as JSON and (with a schema) validates, else 0. A schema that does not compile is
 * reported in the detail and only parsing is checked.
 */
export function jsonScorer(): SyncScorer {
  const schemas = new BoundedCache<CompiledSchema>(CACHED_SCHEMAS);
  return {
    name: 'json',
    score({ output, reference, metadata }) {
      const schemaText = reference?.jsonSchema ?? '';
      if (!schemaText && !JSON_FORMATS.has(metadata[RESPONSE_FORMAT_METADATA_KEY] ?? '')) return null;
      const parsed = extractJson(output);
      if (!parsed) return { quality: 0, detail: 'not JSON' };
      if (!schemaText) return { quality: 1, detail: 'valid JSON' };
      const compiled = schemas.getOrCreate(schemaText, compileJsonSchema);
      if ('error' in compiled) return { quality: 1, detail: `valid JSON; reference.jsonSchema does not compile (${compiled.error})` };
      if (compiled.validate(parsed.value)) return { quality: 1, detail: 'valid JSON matching the schema' };
      const errors = (compiled.validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      return { quality: 0, detail: `JSON does not match the schema: ${errors}` };
    },
  };
}
