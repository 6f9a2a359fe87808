/**
 * Derives a realistic labelled evaluation set from the shared RouteLLM
 * outcomes (real MMLU and GSM8K prompts): domain from the MMLU subject,
 * task type math for GSM8K and the mathematics subjects and factual_qa for
 * the rest (multiple-choice knowledge questions). Reads only `prompt`,
 * `subject` and `source`. Seeded sample of at most --per-subject prompts
 * per subject:
 *
 *   npx tsx libs/classification/data/derive-routellm.ts [--in FILE] [--out FILE] [--per-subject 25] [--seed 11]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '@switchyard/hashing';
import { shuffleInPlace } from '../src/seeded-random';

const MATH_SUBJECTS = ['abstract_algebra', 'college_mathematics', 'elementary_mathematics', 'high_school_mathematics', 'high_school_statistics', 'grade_school_math'];

// Subjects not listed are general knowledge (history, psychology, philosophy, ...).
const DOMAIN_OF_SUBJECT: Record<string, string> = {
  ...Object.fromEntries(MATH_SUBJECTS.map((s) => [s, 'science'])),
  ...Object.fromEntries(['anatomy', 'clinical_knowledge', 'college_medicine', 'professional_medicine', 'medical_genetics', 'nutrition', 'virology', 'human_aging'].map((s) => [s, 'medicine'])),
  ...Object.fromEntries(['professional_law', 'international_law', 'jurisprudence'].map((s) => [s, 'law'])),
  ...Object.fromEntries(['professional_accounting', 'high_school_macroeconomics', 'high_school_microeconomics', 'econometrics'].map((s) => [s, 'finance'])),
  ...Object.fromEntries(
    ['high_school_biology', 'college_biology', 'high_school_chemistry', 'college_chemistry', 'high_school_physics', 'college_physics', 'conceptual_physics', 'astronomy'].map((s) => [s, 'science']),
  ),
  ...Object.fromEntries(['college_computer_science', 'high_school_computer_science', 'computer_security', 'machine_learning', 'electrical_engineering'].map((s) => [s, 'technology'])),
};

function main(): void {
  const { values } = parseArgs({
    options: {
      in: { type: 'string', default: '/work/shared/data/routellm/outcomes.train.jsonl' },
      out: { type: 'string', default: join(__dirname, 'routellm-domains.eval.jsonl') },
      'per-subject': { type: 'string', default: '25' },
      seed: { type: 'string', default: '11' },
    },
  });
  const bySubject = new Map<string, string[]>();
  for (const line of readFileSync(values.in, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { prompt, subject } = JSON.parse(line) as { prompt: string; subject: string };
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), prompt]);
  }
  const random = mulberry32(Number(values.seed));
  const perSubject = Number(values['per-subject']);
  const lines: string[] = [];
  for (const subject of [...bySubject.keys()].sort()) {
    for (const text of shuffleInPlace(bySubject.get(subject) ?? [], random).slice(0, perSubject)) {
      const labels = { task_type: MATH_SUBJECTS.includes(subject) ? 'math' : 'factual_qa', domain: DOMAIN_OF_SUBJECT[subject] ?? 'general', subject };
      lines.push(JSON.stringify({ text, labels }));
    }
  }
  writeFileSync(values.out, shuffleInPlace(lines, random).join('\n') + '\n');
  process.stderr.write(`wrote ${lines.length} examples from ${bySubject.size} subjects to ${values.out}\n`);
}

main();
