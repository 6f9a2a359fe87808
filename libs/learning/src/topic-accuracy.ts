import type { OutcomeRecord } from './outcome-records';
import { PROMPT_FORMATS, promptFormat } from './prompt-signals';

/**
 * Per prompt format and topic, the posterior mean accuracy of `model`
 * (result[format][topic], formats in PROMPT_FORMATS order). Two levels of
 * shrinkage, each worth `shrinkage` observations: a topic's accuracy toward
 * the model's overall accuracy, and a (format, topic) cell's toward its
 * topic's, so a cell with a handful of prompts says little of its own.
 */
export function topicAccuracyByFormat(
  records: readonly OutcomeRecord[],
  model: string,
  topicIndex: ReadonlyMap<string, number>,
  shrinkage: number,
): number[][] {
  const topics = topicIndex.size;
  const right = PROMPT_FORMATS.map(() => new Array<number>(topics).fill(0));
  const seen = PROMPT_FORMATS.map(() => new Array<number>(topics).fill(0));
  let rightAll = 0;
  let seenAll = 0;
  for (const r of records) {
    if (!(model in r.outcomes)) continue;
    const correct = Number(r.outcomes[model]);
    rightAll += correct;
    seenAll++;
    const t = r.subject ? topicIndex.get(r.subject) : undefined;
    if (t === undefined) continue;
    const f = PROMPT_FORMATS.indexOf(promptFormat(r.prompt));
    right[f][t] += correct;
    seen[f][t]++;
  }
  const overall = (rightAll + 1) / (seenAll + 2);
  const topicMeans = Array.from({ length: topics }, (_, t) => {
    const r = right.reduce((sum, row) => sum + row[t], 0);
    const n = seen.reduce((sum, row) => sum + row[t], 0);
    return (r + shrinkage * overall) / (n + shrinkage);
  });
  return right.map((row, f) => row.map((r, t) => (r + shrinkage * topicMeans[t]) / (seen[f][t] + shrinkage)));
}
