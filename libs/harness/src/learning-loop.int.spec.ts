import { existsSync } from 'node:fs';
import { learningLoopDocument, ROUTELLM_FILE, runLearningLoop } from './learning-loop';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the learning loop through the real pipeline', () => {
  const run = new PipelineRun({ label: 'loop', document: learningLoopDocument(), brokers, redisUrl });

  beforeAll(async () => {
    if (!existsSync(ROUTELLM_FILE)) throw new Error(`${ROUTELLM_FILE} is missing: the loop replays real outcomes from ../shared`);
    await run.start();
  });

  afterAll(() => run.stop());

  it('sends fewer jobs to the strong model where the weak one was right as scores accumulate', async () => {
    const waves = await runLearningLoop(run, { waves: 4, perWave: 120, onWave: (w) => process.stderr.write(`learning loop wave ${JSON.stringify(w)}\n`) });
    expect(waves.every((w) => w.jobs === 120)).toBe(true);
    const [first] = waves;
    const last = waves[waves.length - 1];
    // Before any score the prior favours the strong model, so many jobs the weak one would get right go to it.
    expect(first.wastedStrongShare).toBeGreaterThan(0.25);
    expect(last.wastedStrongShare).toBeLessThan(first.wastedStrongShare / 2);
  });
});
