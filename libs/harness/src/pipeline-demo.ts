import { resultCodec, type Result } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/messaging';
import { publishJobs } from './job-mix';
import { PIPELINE_KINDS, pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

export interface PipelineDemoOptions {
  brokers: string[];
  redisUrl: string;
  /** Where the per-step tables go (stdout in the demo). */
  write: (text: string) => void;
  /** Progress lines (stderr in the demo). */
  log: (message: string) => void;
}

const OUTPUT_CHARS = 48;

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > OUTPUT_CHARS ? `${line.slice(0, OUTPUT_CHARS - 1)}…` : line;
}

/** One pipeline result as a table: a row per step (model, latency, cost, tokens, score or failure, output) and the totals. */
export function pipelineStepTable(result: Result): string {
  const rows = result.steps.map((s) => [
    s.step,
    s.picked ? `pick: ${s.picked} (${s.model})` : s.model,
    s.latencyMs.toFixed(0),
    s.costUsd.toFixed(6),
    String(s.inputTokens + s.outputTokens),
    s.error ? `failed ${s.error.code}` : s.scored ? s.score.toFixed(2) : '-',
    shorten(s.error ? s.error.message : s.output),
  ]);
  const tokens = (result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0);
  rows.push(['total', result.model, result.latencyMs.toFixed(0), result.costUsd.toFixed(6), String(tokens), '', shorten(result.output)]);
  return table(['step', 'model', 'ms', 'cost USD', 'tokens', 'score', 'output'], rows, new Set([2, 3, 4, 5]));
}

/**
 * The pipelines demo: starts the services with one pipeline of each kind
 * (series with prompt enhancement, best-of-3, experts by domain, a path per
 * data type, speech to text then an answer), sends two jobs of each, and
 * writes a per-step table for every job. Returns the jobs' results.
 */
export async function runPipelineDemo(options: PipelineDemoOptions): Promise<Result[]> {
  const run = new PipelineRun({ label: 'demo-pipelines', document: pipelineDocument(), brokers: options.brokers, redisUrl: options.redisUrl });
  try {
    options.log(`pipelines: starting the services with ${PIPELINE_KINDS.join(', ')} (logs in ${run.dir})`);
    await run.start();
    // Every consumer group joins on its first messages: a warm-up round keeps that out of the totals shown.
    const warmup = pipelineJobs(PIPELINE_KINDS.length, `${run.prefix}warmup`);
    await publishJobs(run.publisher, run.topics, warmup);
    await run.settle(new Set(warmup.map((j) => j.id ?? '')), 120_000, 500);
    const jobs = pipelineJobs(PIPELINE_KINDS.length * 2, `${run.prefix}demo`);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    await publishJobs(run.publisher, run.topics, jobs);
    const count = await run.settle(ids, 120_000, 1_000);
    options.log(`pipelines: ${count.results} results, ${count.dlq} dead letters, lost ${count.lost}, duplicates ${count.duplicates}`);
    const results = run.results(ids).map((r) => resultCodec.decode(r.value));
    for (const result of results.sort((a, b) => a.model.localeCompare(b.model) || a.jobId.localeCompare(b.jobId))) {
      const job = jobs.find((j) => j.id === result.jobId);
      const input = job?.prompt || job?.attachments?.map((a) => `${a.mimeType} ${a.uri}`).join(' ') || '';
      options.write(`\n${result.model}  job ${result.jobId.slice(run.prefix.length)}: ${shorten(input)}\n${pipelineStepTable(result)}\n`);
    }
    for (const dead of run.deadLetters(ids)) options.write(`\ndead letter ${dead.headers[HEADERS.jobId]}: ${dead.headers[HEADERS.dlqError]}\n`);
    return results;
  } finally {
    await run.stop();
  }
}
