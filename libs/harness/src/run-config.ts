import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { resolveConfig, type ConfigDocument, type SwitchyardConfig } from '@switchyard/config';
import { assertValidPipelines } from '@switchyard/pipelines';
import { REPO_ROOT } from './service-process';

/** A folder for one run's config and logs. */
export function makeRunDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `switchyard-${label}-`));
}

/** Reads a YAML config (default: the sample) as a plain document to modify. */
export function readConfigDocument(file = path.join(REPO_ROOT, 'config/switchyard.yaml')): ConfigDocument {
  return parse(readFileSync(file, 'utf8')) as ConfigDocument;
}

/**
 * Writes a run's config after validating it, so a harness mistake fails here
 * with the key named rather than in four child processes.
 */
export function writeRunConfig(dir: string, document: ConfigDocument): { file: string; config: SwitchyardConfig } {
  const config = resolveConfig(document, {}, 'run config');
  assertValidPipelines(config, 'run config');
  const file = path.join(dir, 'switchyard.yaml');
  writeFileSync(file, stringify(document));
  return { file, config };
}
