import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, resolveConfig } from './resolve-config';
import type { SwitchyardConfig } from './schema';

/** Where the config is read from when SWITCHYARD_CONFIG is not set. */
export const DEFAULT_CONFIG_PATH = 'config/switchyard.yaml';

/** Reads the YAML file named by SWITCHYARD_CONFIG (or the default) and applies env overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SwitchyardConfig {
  const file = path.resolve(env.SWITCHYARD_CONFIG ?? DEFAULT_CONFIG_PATH);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw new ConfigError(file, [`not valid YAML: ${(err as Error).message}`]);
  }
  return resolveConfig(document, env, file);
}
