import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../../..');
const run = promisify(execFile);

/** Runs a CLI command from the repository root; resolves with its output and exit code. */
async function cli(file: string, command: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(file, [command, ...args].filter(Boolean), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('switchyard classifier (end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'classifier-cli-'));
  const data = join(dir, 'train.jsonl');
  const model = join(dir, 'model.json');
  // A slice of the sample keeps the run short; every task type appears in the first 400 lines.
  const sample = readFileSync(join(ROOT, 'libs/classification/data/tasks.train.jsonl'), 'utf8').split('\n').slice(0, 400).join('\n');
  writeFileSync(data, sample);

  it('trains from JSONL, then evaluates the written model as one JSON object', async () => {
    const trained = await cli('npx', 'tsx', ['bin/switchyard.ts', 'classifier', 'train', '--data', data, '--out', model, '--epochs', '3', '--json']);
    expect(trained.code).toBe(0);
    const summary = JSON.parse(trained.stdout);
    expect(Object.keys(summary.heads).sort()).toEqual(['complexity', 'domain', 'task_type']);
    expect(trained.stderr).toContain('training [');

    // The eval runs through the package's bin shim, as `npx switchyard` does.
    const evaluated = await cli(process.execPath, 'bin/switchyard.js', ['classifier', 'eval', '--data', 'libs/classification/data/tasks.eval.jsonl', '--model', model, '--json']);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.stdout);
    expect(report.classifier).toBe(`model:${summary.version}`);
    expect(report.heads.task_type.labels).toHaveLength(8);
    expect(report.heads.task_type.confusion).toHaveLength(8);
    // Same-template held-out prompts; see training.spec.ts for why this bar is safe.
    expect(report.heads.task_type.accuracy).toBeGreaterThan(0.9);
  }, 30_000);

  it('prints a confusion matrix table without --json', async () => {
    const { code, stdout } = await cli(process.execPath, 'bin/switchyard.js', ['classifier', 'eval', '--data', data, '--rules']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/task_type: 400 examples, accuracy 0\.\d{3}, macro-F1 0\.\d{3}/);
    expect(stdout).toMatch(/true \\ predicted\s+code\s+math/);
  }, 30_000);

  it('names the file and line of a bad JSON line and exits 1', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"text":"hi","task_type":"chat"}\n{"text": oops}\n');
    const { code, stderr } = await cli(process.execPath, 'bin/switchyard.js', ['classifier', 'train', '--data', bad, '--out', join(dir, 'x.json')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}:2: is not valid JSON`);
  }, 30_000);

  it('reports a missing data file and a missing option clearly', async () => {
    const missing = await cli(process.execPath, 'bin/switchyard.js', ['classifier', 'eval', '--data', join(dir, 'absent.jsonl'), '--rules']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('absent.jsonl: no such file');
    const usage = await cli(process.execPath, 'bin/switchyard.js', ['classifier', 'train', '--data', data]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--out is required');
  }, 30_000);
});
