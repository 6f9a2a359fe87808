import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticOutcomes } from '../testing/synthetic-outcomes';
import { runReplayCommand } from './replay-command';

function captured() {
  const chunks: string[] = [];
  const stream = { isTTY: false, write: (chunk: string) => chunks.push(chunk) };
  return { stream, text: () => chunks.join('') };
}

describe('switchyard replay', () => {
  let dir: string;
  let trainFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-'));
    trainFile = join(dir, 'train.jsonl');
    writeFileSync(trainFile, syntheticOutcomes(400).map((r) => JSON.stringify(r)).join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds out a split of --train, prints one JSON line of metrics, draws the plot and shows progress', async () => {
    const stdout = captured();
    const stderr = captured();
    const svg = join(dir, 'plot.svg');
    const code = await runReplayCommand(['--train', trainFile, '--json', '--svg', svg], { stdout: stdout.stream, stderr: stderr.stream });
    expect(code).toBe(0);
    const lines = stdout.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]);
    expect(result).toMatchObject({ split: 'train-holdout' });
    expect(result.n).toBeGreaterThan(50);
    expect(result.n).toBeLessThan(120);
    expect(result.q_strong).toBeGreaterThan(result.q_weak);
    // Text reveals the topic here; routing every algebra prompt first would score about 0.75, random 0.5.
    expect(result.apgr).toBeGreaterThan(0.62);
    expect(result.cpt80).toBeLessThan(0.8);
    const plot = readFileSync(svg, 'utf8');
    expect(plot).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    for (const label of ['learned', 'random', 'oracle']) expect(plot).toContain(`>${label} (APGR`);
    expect(plot.match(/<polyline /g)).toHaveLength(3);
    expect(stderr.text()).toMatch(/training on \d+ prompts \[#+\] 100%/);
  });

  it('scores --eval when given, and saves the trained predictor with --save', async () => {
    const evalFile = join(dir, 'eval.jsonl');
    writeFileSync(evalFile, syntheticOutcomes(60, 2).map((r) => JSON.stringify(r)).join('\n'));
    const stdout = captured();
    const saved = join(dir, 'predictor.json');
    const args = ['--train', trainFile, '--eval', evalFile, '--json', '--svg', join(dir, 'eval.svg'), '--save', saved];
    expect(await runReplayCommand(args, { stdout: stdout.stream, stderr: captured().stream })).toBe(0);
    expect(JSON.parse(stdout.text())).toMatchObject({ n: 60, split: 'train-eval' });
    expect(existsSync(saved)).toBe(true);
  });

  it('exits 2 with usage on an unknown flag', async () => {
    const stderr = captured();
    expect(await runReplayCommand(['--bogus'], { stdout: captured().stream, stderr: stderr.stream })).toBe(2);
    expect(stderr.text()).toMatch(/usage: switchyard replay/);
  });
});
