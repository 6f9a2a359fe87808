import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticOutcomes } from '../testing/synthetic-outcomes';
import { threeModelOutcomes } from '../testing/three-model-outcomes';
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
    for (const label of ['learned, all', 'random', 'oracle']) expect(plot).toContain(`>${label} (APGR`);
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

  it('reports every source in its JSON, its table and its plot, and cross-validates with --folds on printed seeds', async () => {
    const file = join(dir, 'three.jsonl');
    writeFileSync(file, threeModelOutcomes(450).map((r) => JSON.stringify(r)).join('\n'));
    const svg = join(dir, 'three.svg');
    const json = captured();
    expect(await runReplayCommand(['--train', file, '--folds', '2', '--json', '--svg', svg], { stdout: json.stream, stderr: captured().stream })).toBe(0);
    const result = JSON.parse(json.text());
    expect(Object.keys(result.by_source)).toEqual(['greeting', 'proof', 'summary']);
    expect(result.by_source.proof).toEqual(expect.objectContaining({ apgr: expect.any(Number), cpt50: expect.any(Number), cpt80: expect.any(Number) }));
    expect(result.cross_validation).toMatchObject({ seeds: [1000, 1001], validation_fraction: 0.3333 });
    expect(Object.keys(result.cross_validation.by_source)).toEqual(['greeting', 'proof', 'summary']);
    expect(result.cross_validation.by_source.proof.apgr_per_split).toHaveLength(2);
    expect(result.models.map((m: { model: string }) => m.model)).toEqual(['small', 'mid', 'large']);
    expect(result.budgets).toHaveLength(11);
    expect(result.budgets[10]).toMatchObject({ best_single_model: 'large' });
    const plot = readFileSync(svg, 'utf8');
    for (const source of ['greeting', 'proof', 'summary']) expect(plot).toContain(`>learned, ${source} (APGR`);
    expect(plot.match(/<polyline /g)).toHaveLength(6);

    const table = captured();
    expect(await runReplayCommand(['--train', file, '--folds', '2', '--svg', svg], { stdout: table.stream, stderr: captured().stream })).toBe(0);
    expect(table.text()).toMatch(/^proof +\d+ +[\d.]+ +[\d.]+ +[\d.]+/m);
    expect(table.text()).toContain('cross-validation on the training side: 2 splits, seeds 1000, 1001');
    expect(table.text()).toMatch(/^budget \$\/1k +learned \(spent\) +best single model +random$/m);
  });

  it('exits 2 with usage on an unknown flag or a bad --folds', async () => {
    const folds = captured();
    expect(await runReplayCommand(['--folds', 'two'], { stdout: captured().stream, stderr: folds.stream })).toBe(2);
    expect(folds.text()).toMatch(/--folds must be a whole number/);
    const stderr = captured();
    expect(await runReplayCommand(['--bogus'], { stdout: captured().stream, stderr: stderr.stream })).toBe(2);
    expect(stderr.text()).toMatch(/usage: switchyard replay/);
  });
});
