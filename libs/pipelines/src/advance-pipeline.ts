import type { Modality, PipelineConfig, PipelineStepConfig, StepTargetConfig } from '@switchyard/config';
import type { PipelineStepOutput } from '@switchyard/contracts';
import { labelValues, type JobLabels } from './job-labels';
import { bestAnswer } from './pick-best';
import { renderPrompt } from './prompt-template';
import { stepKind } from './step-kind';
import { targetRoute } from './step-routes';

/** One step's job to launch: where it is routed, what it asks and which of the job's attachments it carries. */
export interface StepLaunch {
  step: string;
  /** Route the step's job names (a configured one, or the step's own from `withPipelineRoutes`). */
  route: string;
  /** The prompt; null means the pipeline job's own prompt or messages, '' none (a converter's attachments alone). */
  prompt: string | null;
  /** "all" of the job's attachments, "none", or only those of one modality (a converter). */
  attachments: 'all' | 'none' | Modality;
  /** Whether this step's answer can become the pipeline's answer (so it is scored against the job's reference). */
  answersFinal: boolean;
}

/** What to do with a pipeline job given the steps it has finished. */
export type Advance =
  /** Launch these steps together; the pipeline goes on when all of them have finished. */
  | { kind: 'launch'; steps: StepLaunch[]; resolved: PipelineStepOutput[] }
  | { kind: 'finish'; output: PipelineStepOutput; resolved: PipelineStepOutput[] }
  | { kind: 'fail'; step: string; reason: string; resolved: PipelineStepOutput[] };

export interface AdvanceInput {
  name: string;
  pipeline: PipelineConfig;
  /** Steps finished so far, failed ones included (with `error`). */
  finished: readonly PipelineStepOutput[];
  labels: JobLabels;
  /** The pipeline job's text, for `{{input}}`. */
  input: string;
}

/**
 * "What runs next": steps whose inputs have all finished. Pick steps need no
 * model, so they are resolved here at once (returned in `resolved`, for the
 * caller to record); a failed step fails the pipeline unless only pick steps
 * read it and enough of their other answers succeeded.
 */
export function advancePipeline({ name, pipeline, finished, labels, input }: AdvanceInput): Advance {
  const records = new Map(finished.map((r) => [r.step, r]));
  const resolved: PipelineStepOutput[] = [];
  for (;;) {
    const output = records.get(pipeline.output);
    if (output) return output.error ? { kind: 'fail', step: output.step, reason: failure(output), resolved } : { kind: 'finish', output, resolved };
    for (const record of records.values()) {
      if (!record.error) continue;
      const reader = Object.entries(pipeline.steps).find(([, step]) => step.after.includes(record.step) && stepKind(step) !== 'pick');
      if (reader) return { kind: 'fail', step: record.step, reason: `${failure(record)}; step "${reader[0]}" needs its output`, resolved };
    }
    const runnable = Object.entries(pipeline.steps).filter(([stepName, step]) => !records.has(stepName) && step.after.every((a) => records.has(a)));
    if (runnable.length === 0) return { kind: 'fail', step: pipeline.output, reason: `no step of pipeline "${name}" can run`, resolved };
    const picks = runnable.filter(([, step]) => step.pick);
    if (picks.length > 0) {
      for (const [stepName, step] of picks) {
        const record = pick(stepName, step, records);
        records.set(stepName, record);
        resolved.push(record);
      }
      continue;
    }
    const outputs = new Map([...records.values()].map((r) => [r.step, r.output]));
    const finals = finalAnswerSteps(pipeline);
    const steps: StepLaunch[] = [];
    for (const [stepName, step] of runnable) {
      const chosen = chooseTarget(step, labels);
      if (!chosen) {
        const on = step.switch?.on ?? '';
        return { kind: 'fail', step: stepName, reason: `step "${stepName}" has no case for ${on} "${labelValues(labels, on).join(', ')}" and no default`, resolved };
      }
      steps.push({
        step: stepName,
        route: targetRoute(name, stepName, chosen.label, chosen.target),
        prompt: promptOf(step, input, outputs),
        attachments: step.converts ? step.converts.from : step.after.length === 0 ? 'all' : 'none',
        answersFinal: finals.has(stepName),
      });
    }
    return { kind: 'launch', steps, resolved };
  }
}

function failure(record: PipelineStepOutput): string {
  return `step "${record.step}" failed: ${record.error?.code}: ${record.error?.message}`;
}

function pick(stepName: string, step: PipelineStepConfig, records: ReadonlyMap<string, PipelineStepOutput>): PipelineStepOutput {
  const answers = step.after.map((a) => records.get(a) as PipelineStepOutput);
  const succeeded = answers.filter((a) => !a.error);
  const best = bestAnswer(answers);
  const minAnswers = step.pick?.minAnswers ?? 1;
  const base = { step: stepName, jobId: '', costUsd: 0, latencyMs: 0, inputTokens: 0, outputTokens: 0 };
  if (!best || succeeded.length < minAnswers) {
    const failed = answers.filter((a) => a.error).map((a) => `${a.step}: ${a.error?.code}`);
    const message = `${succeeded.length} of ${answers.length} answers succeeded, ${minAnswers} needed (${failed.join('; ')})`;
    return { ...base, output: '', model: '', pool: '', error: { code: 'TOO_FEW_ANSWERS', message, retryable: false }, score: 0, scored: false, picked: '' };
  }
  return { ...base, output: best.output, model: best.model, pool: best.pool, error: null, score: best.score, scored: best.scored, picked: best.step };
}

/** The step's target for this job: its own, or its switch's matching case (for modalities, the first listed case the job has). */
function chooseTarget(step: PipelineStepConfig, labels: JobLabels): { label: string; target: StepTargetConfig } | null {
  if (!step.switch) return { label: step.route !== undefined ? 'route' : 'models', target: { route: step.route, models: step.models } };
  const values = labelValues(labels, step.switch.on);
  const match = Object.entries(step.switch.cases).find(([value]) => values.includes(value));
  if (match) return { label: `switch.cases.${match[0]}`, target: match[1] };
  return step.switch.default ? { label: 'switch.default', target: step.switch.default } : null;
}

/** The step's prompt; a converter without one sends its attachments alone, since what it converts is their content. */
function promptOf(step: PipelineStepConfig, input: string, outputs: ReadonlyMap<string, string>): string | null {
  if (step.prompt !== undefined) return renderPrompt(step.prompt, input, outputs);
  if (step.converts) return '';
  return step.after.length === 0 ? null : (outputs.get(step.after[0]) ?? '');
}

/** Steps whose answer can become the pipeline's: the output step, and through pick steps the answers they choose from. */
export function finalAnswerSteps(pipeline: PipelineConfig): Set<string> {
  const finals = new Set<string>();
  const visit = (stepName: string) => {
    if (finals.has(stepName)) return;
    finals.add(stepName);
    if (pipeline.steps[stepName]?.pick) for (const a of pipeline.steps[stepName].after) visit(a);
  };
  visit(pipeline.output);
  return finals;
}

/** Whether a pick step chooses among this step's answers (so the answer is scored when it arrives). */
export function feedsPick(pipeline: PipelineConfig, step: string): boolean {
  return Object.values(pipeline.steps).some((s) => s.pick && s.after.includes(step));
}
