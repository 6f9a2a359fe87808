import { parseArgs } from 'node:util';
import { ArtifactError, readArtifact, writeArtifact } from '../artifact';
import { evaluateClassifier, evaluateRules } from '../evaluation';
import { DatasetError, readLabelledJsonl } from '../labelled-examples';
import { TrainedClassifier } from '../trained-classifier';
import { TrainingError, trainClassifier } from '../training';
import { UsageError, type CliCommand, type CliIo } from './cli-command';
import { formatEvaluation } from './evaluation-report';
import { createProgressBar } from './progress-bar';

const USAGE = `usage:
  switchyard classifier train --data FILE.jsonl --out MODEL.json [--epochs N] [--learning-rate R] [--l2 L] [--seed S] [--json]
  switchyard classifier eval  --data FILE.jsonl (--model MODEL.json | --rules) [--json]

Each JSONL line: {"text": "...", "labels": {"task_type": "code", "domain": "finance", ...}}
(task_type, domain and complexity may also be top-level keys).`;

function numberOption(values: Record<string, unknown>, name: string, check: (n: number) => boolean): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!check(value)) throw new UsageError(`--${name} must be a valid number (got "${raw}")`);
  return value;
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function train(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      epochs: { type: 'string' },
      'learning-rate': { type: 'string' },
      l2: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const data = required(values, 'data');
  const out = required(values, 'out');
  const epochs = numberOption(values, 'epochs', (n) => Number.isInteger(n) && n > 0);
  const learningRate = numberOption(values, 'learning-rate', (n) => n > 0);
  const l2 = numberOption(values, 'l2', (n) => n >= 0);
  const seed = numberOption(values, 'seed', Number.isInteger);

  const started = Date.now();
  const examples = await readLabelledJsonl(data);
  let bar: ReturnType<typeof createProgressBar> | undefined;
  const artifact = trainClassifier(examples, {
    epochs,
    learningRate,
    l2,
    seed,
    onProgress: ({ head, headIndex, headCount, epoch, epochs: total, loss }) => {
      bar ??= createProgressBar(io.stderr, headCount * total, 'training');
      bar.update(headIndex * total + epoch, `${head} epoch ${epoch}/${total} loss ${loss.toFixed(4)}`);
    },
  });
  bar?.finish();
  await writeArtifact(out, artifact);
  const elapsedMs = Date.now() - started;

  const { heads, skippedHeads } = artifact.training;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ model: out, version: artifact.version, examples: examples.length, elapsedMs, heads, skippedHeads })}\n`);
    return 0;
  }
  const lines = [`trained on ${examples.length} examples from ${data} in ${(elapsedMs / 1000).toFixed(1)} s`];
  for (const [name, m] of Object.entries(heads)) {
    lines.push(`  ${name}: ${Object.keys(m.labelCounts).length} labels, ${m.examples} examples, train accuracy ${m.trainAccuracy.toFixed(3)}, final loss ${m.finalLoss.toFixed(4)}`);
  }
  for (const [name, why] of Object.entries(skippedHeads)) lines.push(`  ${name}: skipped, ${why}`);
  lines.push(`wrote ${out} (version ${artifact.version})`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function evaluate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, model: { type: 'string' }, rules: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const data = required(values, 'data');
  if (values.rules === (values.model !== undefined)) throw new UsageError('give exactly one of --model MODEL.json or --rules');
  const examples = await readLabelledJsonl(data);
  let evaluation;
  let classifier = 'rules';
  if (values.model !== undefined) {
    const model = new TrainedClassifier(await readArtifact(values.model), values.model);
    classifier = `model:${model.version}`;
    evaluation = evaluateClassifier(model, examples);
  } else {
    evaluation = evaluateRules(examples);
  }
  io.stdout.write(values.json ? `${JSON.stringify({ classifier, data, ...evaluation })}\n` : formatEvaluation(evaluation, classifier));
  return 0;
}

const ACTIONS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = { train, eval: evaluate };

/** Errors a user can fix from the message alone: reported in one line, exit code 1. */
const USER_ERRORS = [DatasetError, ArtifactError, TrainingError];

export const classifierCommand: CliCommand = {
  name: 'classifier',
  summary: 'train a task classifier from labelled JSONL, or evaluate one',
  async run(argv, io) {
    const [action, ...rest] = argv;
    const run = action === undefined ? undefined : ACTIONS[action];
    try {
      if (!run) throw new UsageError(action === undefined ? 'missing action' : `unknown action "${action}"`);
      return await run(rest, io);
    } catch (error) {
      if (error instanceof UsageError || String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
        io.stderr.write(`switchyard classifier: ${(error as Error).message}\n${USAGE}\n`);
        return 2;
      }
      if (USER_ERRORS.some((type) => error instanceof type)) {
        io.stderr.write(`switchyard classifier ${action}: ${(error as Error).message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
