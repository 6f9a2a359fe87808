import { ConfigError } from '@switchyard/config';
import { specConfig } from './spec-config';
import { assertValidPipelines, pipelineProblems } from './validate-pipelines';

describe('pipelineProblems', () => {
  it('accepts a series, a fan-out with a pick, a switch and a converter', () => {
    const config = specConfig({
      enhance: { output: 'answer', steps: { rewrite: { models: ['text-a'], prompt: 'Improve: {{input}}' }, answer: { after: ['rewrite'], route: 'default' } } },
      best: { output: 'best', steps: { a: { models: ['text-a'] }, b: { models: ['vision'] }, best: { after: ['a', 'b'], pick: { minAnswers: 1 } } } },
      experts: { output: 'answer', steps: { answer: { switch: { on: 'domain', cases: { law: { models: ['vision'] } }, default: { route: 'default' } } } } },
      voice: { output: 'answer', steps: { transcribe: { models: ['speech'], converts: { from: 'audio' } }, answer: { after: ['transcribe'], route: 'default', prompt: 'Answer: {{steps.transcribe}}' } } },
    });
    expect(pipelineProblems(config)).toEqual([]);
  });

  it('names a cycle of after edges', () => {
    const config = specConfig({ loop: { output: 'b', steps: { a: { after: ['b'], route: 'default' }, b: { after: ['a'], route: 'default' } } } });
    expect(pipelineProblems(config)).toContain('pipelines.loop.steps: "after" forms a cycle: a -> b -> a');
  });

  it('names an unknown model and an unknown route with the pipeline and step', () => {
    const config = specConfig({ p: { output: 'b', steps: { a: { models: ['gpt-9'] }, b: { after: ['a'], route: 'nowhere' } } } });
    expect(pipelineProblems(config)).toEqual(['pipelines.p.steps.a.models: names unknown model "gpt-9"', 'pipelines.p.steps.b.route: names unknown route "nowhere"']);
  });

  it('names a step reading an output no earlier step produces', () => {
    const config = specConfig({
      p: { output: 'c', steps: { a: { route: 'default' }, b: { route: 'default', prompt: 'See {{steps.a}}' }, c: { after: ['a', 'b'], route: 'default', prompt: '{{steps.a}} {{steps.ghost}} {{stepz}}' } } },
    });
    expect(pipelineProblems(config)).toEqual([
      'pipelines.p.steps.b.prompt: reads {{steps.a}}, which no earlier step produces (name "a" in after)',
      'pipelines.p.steps.c.prompt: {{stepz}} is not {{input}} or {{steps.<name>}}',
      'pipelines.p.steps.c.prompt: reads {{steps.ghost}}, which no step of the pipeline produces',
    ]);
  });

  it('rejects a step with two kinds, a pick over one answer, a converter to a model without that modality and an unused step', () => {
    const config = specConfig({
      p: {
        output: 'pick',
        steps: {
          both: { route: 'default', pick: {} },
          hear: { models: ['text-a'], converts: { from: 'audio' } },
          pick: { after: ['hear'], pick: { minAnswers: 2 } },
        },
      },
    });
    expect(pipelineProblems(config)).toEqual([
      'pipelines.p.steps.both: needs exactly one of route/models, switch or pick (has model and pick)',
      'pipelines.p.steps.hear.models: model "text-a" does not accept audio input, which this converter sends it',
      'pipelines.p.steps.pick.pick: needs at least two steps in "after" to choose from',
      'pipelines.p.steps.pick.pick.minAnswers: 2 is more than the 1 steps it picks from',
      'pipelines.p.steps.both: does not lead to the output step "pick"',
    ]);
  });

  it('names an unknown output step and an unknown after step', () => {
    const config = specConfig({ p: { output: 'final', steps: { a: { after: ['zero'], route: 'default' } } } });
    expect(pipelineProblems(config)).toEqual(['pipelines.p.output: names unknown step "final" (steps: a)', 'pipelines.p.steps.a.after: names unknown step "zero"']);
  });

  it('asks for a prompt when a model step has several inputs', () => {
    const config = specConfig({ p: { output: 'c', steps: { a: { route: 'default' }, b: { route: 'default' }, c: { after: ['a', 'b'], route: 'default' } } } });
    expect(pipelineProblems(config)).toEqual(['pipelines.p.steps.c: has 2 inputs (a, b); give it a prompt that reads them']);
  });

  it('stops start-up with a ConfigError listing every problem', () => {
    const config = specConfig({ p: { output: 'a', steps: { a: { models: ['gpt-9'] } } } });
    expect(() => assertValidPipelines(config, 'switchyard.yaml')).toThrow(ConfigError);
    expect(() => assertValidPipelines(config, 'switchyard.yaml')).toThrow('invalid configuration in switchyard.yaml:\n  - pipelines.p.steps.a.models: names unknown model "gpt-9"');
  });
});
