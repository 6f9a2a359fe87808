import { readFile } from 'node:fs/promises';

/** One training or evaluation example: text and its label per head (e.g. task_type → code). */
export interface LabelledExample {
  text: string;
  labels: Record<string, string>;
}

/** Label heads that may also be given as top-level keys beside `text`. */
const TOP_LEVEL_HEADS = ['task_type', 'domain', 'complexity'] as const;

/** A JSONL line that is not a usable example; names the source and 1-based line. */
export class DatasetError extends Error {
  readonly code = 'INVALID_DATASET';
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(line === undefined ? `${source}: ${reason}` : `${source}:${line}: ${reason}`);
  }
}

function parseLine(raw: string, source: string, line: number): LabelledExample {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new DatasetError(source, line, `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DatasetError(source, line, 'must be a JSON object');
  const record = value as Record<string, unknown>;
  const text = record.text ?? record.prompt;
  if (typeof text !== 'string' || text.trim() === '') throw new DatasetError(source, line, 'needs a non-empty string "text" (or "prompt")');

  const labels: Record<string, string> = {};
  if (record.labels !== undefined) {
    if (typeof record.labels !== 'object' || record.labels === null || Array.isArray(record.labels)) {
      throw new DatasetError(source, line, '"labels" must be an object of head → label');
    }
    for (const [head, label] of Object.entries(record.labels)) {
      if (typeof label !== 'string' || label === '') throw new DatasetError(source, line, `label "${head}" must be a non-empty string`);
      labels[head] = label;
    }
  }
  for (const head of TOP_LEVEL_HEADS) {
    const label = record[head];
    if (label === undefined) continue;
    if (typeof label !== 'string' || label === '') throw new DatasetError(source, line, `"${head}" must be a non-empty string`);
    labels[head] = label;
  }
  if (Object.keys(labels).length === 0) {
    throw new DatasetError(source, line, `has no labels: give "labels": {"task_type": ...} or a top-level ${TOP_LEVEL_HEADS.join('/')}`);
  }
  return { text, labels };
}

/** Parses JSONL text (blank lines skipped). `source` names the input in errors. */
export function parseLabelledJsonl(content: string, source = 'input'): LabelledExample[] {
  const examples: LabelledExample[] = [];
  content.split('\n').forEach((raw, i) => {
    if (raw.trim() !== '') examples.push(parseLine(raw, source, i + 1));
  });
  if (examples.length === 0) throw new DatasetError(source, undefined, 'holds no examples');
  return examples;
}

/** Reads and parses a JSONL file; a missing file is a DatasetError naming the path. */
export async function readLabelledJsonl(path: string): Promise<LabelledExample[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(path, undefined, code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`);
  }
  return parseLabelledJsonl(content, path);
}
