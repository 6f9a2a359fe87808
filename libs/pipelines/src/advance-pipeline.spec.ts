import type { PipelineStepOutput } from '@switchyard/contracts';
import { advancePipeline, finalAnswerSteps } from './advance-pipeline';
import type { JobLabels } from './job-labels';
import { onlyPipeline, specConfig } from './spec-config';

const labels: JobLabels = { taskType: 'chat', domain: 'general', complexity: 'low', language: 'en', modalities: ['text'], metadata: {} };

function done(step: string, output: string, extra: Partial<PipelineStepOutput> = {}): PipelineStepOutput {
  return { step, jobId: `job/${step}`, output, model: 'text-a', pool: 'p-text', costUsd: 0.01, latencyMs: 5, inputTokens: 1, outputTokens: 1, error: null, score: 0, scored: false, picked: '', ...extra };
}

function failed(step: string): PipelineStepOutput {
  return done(step, '', { error: { code: 'SIMULATED_FAILURE', message: 'boom', retryable: true } });
}

describe('advancePipeline', () => {
  const series = onlyPipeline(
    specConfig({ enhance: { output: 'answer', steps: { rewrite: { models: ['text-a'], prompt: 'Improve: {{input}}' }, answer: { after: ['rewrite'], route: 'default' } } } }),
  );

  it('runs a series one step at a time, feeding each step the output it reads', () => {
    const first = advancePipeline({ name: 'enhance', pipeline: series, finished: [], labels, input: 'hi' });
    expect(first).toEqual({
      kind: 'launch',
      resolved: [],
      steps: [{ step: 'rewrite', route: 'pipeline/enhance/rewrite/models', prompt: 'Improve: hi', attachments: 'all', answersFinal: false }],
    });
    const second = advancePipeline({ name: 'enhance', pipeline: series, finished: [done('rewrite', 'Say hello politely')], labels, input: 'hi' });
    expect(second).toMatchObject({ kind: 'launch', steps: [{ step: 'answer', route: 'default', prompt: 'Say hello politely', attachments: 'none', answersFinal: true }] });
    const third = advancePipeline({ name: 'enhance', pipeline: series, finished: [done('rewrite', 'x'), done('answer', 'Hello!')], labels, input: 'hi' });
    expect(third).toMatchObject({ kind: 'finish', output: { step: 'answer', output: 'Hello!' } });
  });

  it('fails the pipeline naming the step when a step it needs failed', () => {
    expect(advancePipeline({ name: 'enhance', pipeline: series, finished: [failed('rewrite')], labels, input: 'hi' })).toEqual({
      kind: 'fail',
      step: 'rewrite',
      reason: 'step "rewrite" failed: SIMULATED_FAILURE: boom; step "answer" needs its output',
      resolved: [],
    });
  });

  const bestOf = onlyPipeline(
    specConfig({
      best: { output: 'best', steps: { a: { models: ['text-a'] }, b: { models: ['vision'] }, c: { route: 'default' }, best: { after: ['a', 'b', 'c'], pick: { minAnswers: 2 } } } },
    }),
  );

  it('fans out every branch at once and keeps the best-scored answer, cheaper on a tie', () => {
    const launch = advancePipeline({ name: 'best', pipeline: bestOf, finished: [], labels, input: 'q' });
    expect(launch.kind === 'launch' && launch.steps.map((s) => [s.step, s.answersFinal])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
    ]);
    const branches = [done('a', 'wrong', { score: 0, scored: true }), done('b', 'right', { score: 1, scored: true, costUsd: 0.5 }), done('c', 'right too', { score: 1, scored: true, costUsd: 0.2 })];
    const finish = advancePipeline({ name: 'best', pipeline: bestOf, finished: branches, labels, input: 'q' });
    expect(finish).toMatchObject({ kind: 'finish', output: { step: 'best', output: 'right too', picked: 'c', costUsd: 0 } });
    expect(finish.resolved).toHaveLength(1);
  });

  it('goes on after a partial fan-out failure when enough answers came, and fails when too few did', () => {
    const enough = advancePipeline({ name: 'best', pipeline: bestOf, finished: [failed('a'), done('b', 'one'), done('c', 'two')], labels, input: 'q' });
    expect(enough).toMatchObject({ kind: 'finish', output: { picked: 'b' } });
    const tooFew = advancePipeline({ name: 'best', pipeline: bestOf, finished: [failed('a'), failed('b'), done('c', 'two')], labels, input: 'q' });
    expect(tooFew).toMatchObject({ kind: 'fail', step: 'best' });
    expect(tooFew.kind === 'fail' && tooFew.reason).toMatch(/1 of 3 answers succeeded, 2 needed \(a: SIMULATED_FAILURE; b: SIMULATED_FAILURE\)/);
  });

  const experts = onlyPipeline(
    specConfig({
      experts: {
        output: 'answer',
        steps: { answer: { switch: { on: 'domain', cases: { law: { models: ['vision'] }, medicine: { route: 'default' } } } } },
      },
    }),
  );

  it('sends a switch step to the case of the job label', () => {
    const law = advancePipeline({ name: 'experts', pipeline: experts, finished: [], labels: { ...labels, domain: 'law' }, input: 'q' });
    expect(law).toMatchObject({ kind: 'launch', steps: [{ step: 'answer', route: 'pipeline/experts/answer/switch.cases.law' }] });
    const medicine = advancePipeline({ name: 'experts', pipeline: experts, finished: [], labels: { ...labels, domain: 'medicine' }, input: 'q' });
    expect(medicine).toMatchObject({ kind: 'launch', steps: [{ route: 'default' }] });
  });

  it('fails a switch with no matching case and no default, naming the label', () => {
    expect(advancePipeline({ name: 'experts', pipeline: experts, finished: [], labels, input: 'q' })).toMatchObject({
      kind: 'fail',
      reason: 'step "answer" has no case for domain "general" and no default',
    });
  });

  it('branches on metadata and on the first listed modality the job has', () => {
    const byModality = onlyPipeline(
      specConfig({ m: { output: 'a', steps: { a: { switch: { on: 'modality', cases: { image: { models: ['vision'] }, text: { route: 'default' } } } } } } }),
    );
    const image = advancePipeline({ name: 'm', pipeline: byModality, finished: [], labels: { ...labels, modalities: ['text', 'image'] }, input: 'q' });
    expect(image).toMatchObject({ kind: 'launch', steps: [{ route: 'pipeline/m/a/switch.cases.image', attachments: 'all' }] });
    const byTier = onlyPipeline(specConfig({ t: { output: 'a', steps: { a: { switch: { on: 'metadata.tier', cases: { gold: { models: ['vision'] } }, default: { route: 'default' } } } } } }));
    expect(advancePipeline({ name: 't', pipeline: byTier, finished: [], labels: { ...labels, metadata: { tier: 'gold' } }, input: 'q' })).toMatchObject({
      steps: [{ route: 'pipeline/t/a/switch.cases.gold' }],
    });
    expect(advancePipeline({ name: 't', pipeline: byTier, finished: [], labels, input: 'q' })).toMatchObject({ steps: [{ route: 'default' }] });
  });

  it('sends a converter only the attachments of its modality, and the next step none', () => {
    const voice = onlyPipeline(
      specConfig({
        voice: { output: 'answer', steps: { transcribe: { models: ['speech'], converts: { from: 'audio' } }, answer: { after: ['transcribe'], route: 'default', prompt: 'Q: {{steps.transcribe}} / {{input}}' } } },
      }),
    );
    expect(advancePipeline({ name: 'voice', pipeline: voice, finished: [], labels, input: '' })).toMatchObject({ steps: [{ step: 'transcribe', attachments: 'audio', prompt: '' }] });
    expect(advancePipeline({ name: 'voice', pipeline: voice, finished: [done('transcribe', 'what time is it')], labels, input: 'hi' })).toMatchObject({
      steps: [{ step: 'answer', attachments: 'none', prompt: 'Q: what time is it / hi' }],
    });
  });

  it('counts as final answers the output step and, through picks, the answers they choose from', () => {
    expect([...finalAnswerSteps(bestOf)].sort()).toEqual(['a', 'b', 'best', 'c']);
    expect([...finalAnswerSteps(series)]).toEqual(['answer']);
  });
});
