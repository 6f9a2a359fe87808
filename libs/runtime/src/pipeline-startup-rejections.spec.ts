import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Starts a service on the sample config with these pipelines; it must stop before touching Kafka. */
function startWith(service: string, pipelines: unknown) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bad-pipelines-'));
  const file = path.join(dir, 'switchyard.yaml');
  const document = parse(readFileSync(path.join(REPO_ROOT, 'config/switchyard.yaml'), 'utf8')) as Record<string, unknown>;
  writeFileSync(file, stringify({ ...document, pipelines }));
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services', service, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, SWITCHYARD_CONFIG: file },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ...run, file };
}

describe('a service started with a wrong pipeline', () => {
  it('stops at start-up on a cycle, an unknown model or route and a step reading an output no earlier step produces, naming each', () => {
    const run = startWith('pipeline-advancer', {
      loop: { output: 'b', steps: { a: { after: ['b'], route: 'default' }, b: { after: ['a'], route: 'default' } } },
      typos: {
        output: 'answer',
        steps: {
          draft: { models: ['gpt-9'] },
          answer: { after: ['draft'], route: 'experts-v2', prompt: '{{steps.draft}} {{steps.review}}' },
          review: { route: 'default' },
        },
      },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`pipeline-advancer: invalid configuration in ${run.file}`);
    expect(run.stderr).toContain('pipelines.loop.steps: "after" forms a cycle: a -> b -> a');
    expect(run.stderr).toContain('pipelines.typos.steps.draft.models: names unknown model "gpt-9"');
    expect(run.stderr).toContain('pipelines.typos.steps.answer.route: names unknown route "experts-v2"');
    expect(run.stderr).toContain('pipelines.typos.steps.answer.prompt: reads {{steps.review}}, which no earlier step produces (name "review" in after)');
  });

  it('stops every service, not only the advancer (the router builds routes from the pipelines)', () => {
    const run = startWith('router', { p: { output: 'missing', steps: { a: { route: 'default' } } } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pipelines.p.output: names unknown step "missing" (steps: a)');
  });

  it('names a malformed step by its key', () => {
    const run = startWith('classifier', { p: { output: 'a', steps: { a: { route: 'default', retries: 3 } } } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pipelines\.p\.steps\.a: .*retries/);
  });
});
