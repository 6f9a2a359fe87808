import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One recorded prompt (routellm outcomes JSONL): whether each model answered it correctly. */
export interface ReplayRecord {
  id: string;
  prompt: string;
  source?: string;
  subject?: string;
  outcomes: Record<string, boolean>;
  /** Full answer text per model, where recorded (GSM8K). */
  responses?: Record<string, string>;
}

/** A recorded file indexed for lookups by id and by exact prompt text. */
export interface ReplayIndex {
  file: string;
  byId: Map<string, ReplayRecord>;
  byPrompt: Map<string, ReplayRecord>;
}

function parseRecord(line: string, file: string, lineNumber: number): ReplayRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`${file}:${lineNumber}: not JSON (${(error as Error).message})`);
  }
  const record = value as Partial<ReplayRecord>;
  if (typeof record.id !== 'string' || typeof record.prompt !== 'string' || typeof record.outcomes !== 'object' || record.outcomes === null) {
    throw new Error(`${file}:${lineNumber}: a replay record needs string "id", string "prompt" and object "outcomes"`);
  }
  return record as ReplayRecord;
}

/** Parses a JSONL replay file; throws naming the file and line of the first bad record. */
export function parseReplayFile(text: string, file: string): ReplayIndex {
  const index: ReplayIndex = { file, byId: new Map(), byPrompt: new Map() };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const record = parseRecord(line, file, i + 1);
    index.byId.set(record.id, record);
    index.byPrompt.set(record.prompt, record);
  });
  return index;
}

// Several replay models usually share one file (one outcome key each): parse it once per process.
const loaded = new Map<string, ReplayIndex>();

/** The file's index, read and parsed on first use and shared after that. */
export function loadReplayFile(file: string): ReplayIndex {
  const path = resolve(file);
  let index = loaded.get(path);
  if (!index) {
    index = parseReplayFile(readFileSync(path, 'utf8'), path);
    loaded.set(path, index);
  }
  return index;
}
