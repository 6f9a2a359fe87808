import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArtifact } from './artifact';
import { ClassifierProvider, type ClassifierProviderLogger } from './classifier-provider';
import { trainClassifier } from './training';

const examples = [
  { text: 'write a python function', labels: { task_type: 'code' } },
  { text: 'write a poem about rain', labels: { task_type: 'creative' } },
];
const first = trainClassifier(examples, { epochs: 2, features: { dims: 1 << 10 }, seed: 1 });
const second = trainClassifier(examples, { epochs: 2, features: { dims: 1 << 10 }, seed: 2 });

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const record = (level: string) => (_fields: object, message: string) => {
    lines.push({ level, message });
    for (const w of waiters.filter((w) => w.pattern.test(message))) w.resolve();
  };
  const logger: ClassifierProviderLogger = { info: record('info'), warn: record('warn') };
  const next = (pattern: RegExp) => new Promise<void>((resolve) => waiters.push({ pattern, resolve }));
  return { logger, lines, next };
}

describe('ClassifierProvider', () => {
  let provider: ClassifierProvider | undefined;
  afterEach(() => provider?.close());
  const modelPath = () => join(mkdtempSync(join(tmpdir(), 'provider-')), 'model.json');

  it('serves rules when no model path is configured', () => {
    provider = new ClassifierProvider({ reloadIntervalMs: 1_000 });
    expect(provider.describe()).toBe('rules');
  });

  it('serves the artifact at start-up and swaps in a new one when the file changes', async () => {
    const path = modelPath();
    await writeArtifact(path, first);
    const { logger, next } = recordingLogger();
    provider = new ClassifierProvider({ modelPath: path, reloadIntervalMs: 10, logger });
    expect(provider.describe()).toBe(`model:${first.version}`);

    const reloaded = next(/reloaded/);
    await writeArtifact(path, second);
    await reloaded; // by the poll timer, not by an explicit check
    expect(provider.describe()).toBe(`model:${second.version}`);
    expect(provider.current().classify).toBeInstanceOf(Function);
  });

  it('keeps the loaded model when the new file is invalid, and reports it', async () => {
    const path = modelPath();
    await writeArtifact(path, first);
    const { logger, lines } = recordingLogger();
    provider = new ClassifierProvider({ modelPath: path, reloadIntervalMs: 60_000, logger });

    writeFileSync(path, '{"format": "switchyard-classifier/1", truncated');
    await provider.checkNow();
    expect(provider.describe()).toBe(`model:${first.version}`);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['new classifier model is invalid; keeping the loaded classifier']);

    await provider.checkNow();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    await writeArtifact(path, second);
    await provider.checkNow();
    expect(provider.describe()).toBe(`model:${second.version}`);
  });

  it('starts on rules while the artifact is missing and loads it once it appears', async () => {
    const path = modelPath();
    provider = new ClassifierProvider({ modelPath: path, reloadIntervalMs: 60_000 });
    expect(provider.describe()).toBe('rules');
    await writeArtifact(path, first);
    await provider.checkNow();
    expect(provider.describe()).toBe(`model:${first.version}`);
  });

  it('fails at start-up on an invalid artifact, naming the file', () => {
    const path = modelPath();
    writeFileSync(path, 'not json');
    expect(() => new ClassifierProvider({ modelPath: path, reloadIntervalMs: 1_000 })).toThrow(new RegExp(`${path}: is not valid JSON`));
  });
});
