import type { Evaluation, HeadEvaluation } from '../evaluation';

/** A plain-text table, columns right-aligned except the first. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

function headReport(name: string, head: HeadEvaluation): string {
  const summary = `${name}: ${head.examples} examples, accuracy ${head.accuracy.toFixed(3)}, macro-F1 ${head.macroF1.toFixed(3)}`;
  const confusion = table([
    ['true \\ predicted', ...head.labels],
    ...head.labels.map((label, t) => [label, ...head.confusion[t].map(String)]),
  ]);
  const perLabel = table([
    ['label', 'precision', 'recall', 'f1', 'support'],
    ...head.labels.map((label) => {
      const m = head.perLabel[label];
      return [label, m.precision.toFixed(3), m.recall.toFixed(3), m.f1.toFixed(3), String(m.support)];
    }),
  ]);
  return `${summary}\n\n${confusion}\n\n${perLabel}`;
}

/** The human-readable form of an evaluation: per head a summary line, a confusion matrix and per-label scores. */
export function formatEvaluation(evaluation: Evaluation, classifier: string): string {
  const parts = [`classifier ${classifier} on ${evaluation.examples} examples`];
  for (const [name, head] of Object.entries(evaluation.heads)) parts.push(headReport(name, head));
  if (evaluation.unscoredHeads.length > 0) parts.push(`not predicted by this classifier: ${evaluation.unscoredHeads.join(', ')}`);
  return `${parts.join('\n\n')}\n`;
}
