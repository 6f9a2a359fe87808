import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionRequest } from './completion';
import { createBackend } from './create-backend';
import { parseReplayFile } from './replay-outcomes';
import { testModel } from './test-model';

const records = [
  { id: 'r1', source: 'mmlu', subject: 'anatomy', prompt: 'Which bone?\nA. femur\nB. ulna\nAnswer:', outcomes: { weak: false, strong: true } },
  { id: 'r2', source: 'gsm8k', subject: 'grade_school_math', prompt: 'Tom has 3 apples...', outcomes: { weak: true, strong: true }, responses: { weak: 'He has #### 5', strong: 'The answer is 5' } },
];

describe('replay backend', () => {
  let dir: string;
  let file: string;
  const replay = (outcomeKey: string, latencyMs = 0) => createBackend(testModel({ id: outcomeKey, provider: 'replay', replay: { file, outcomeKey, latencyMs } }));
  const request = (jobId: string, prompt: string, metadata: Record<string, string> = {}): CompletionRequest => ({
    jobId,
    messages: [{ role: 'user', content: prompt }],
    attachments: [],
    metadata,
  });
  const signal = new AbortController().signal;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-'));
    file = join(dir, 'outcomes.jsonl');
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the recorded verdict by job id', async () => {
    await expect(replay('weak').complete(request('r1', 'ignored'), { signal })).resolves.toMatchObject({ output: 'incorrect', finishReason: 'stop' });
    await expect(replay('strong').complete(request('r1', 'ignored'), { signal })).resolves.toMatchObject({ output: 'correct' });
  });

  it('prefers metadata.replay_id over the job id', async () => {
    await expect(replay('weak').complete(request('r1', 'ignored', { replay_id: 'r2' }), { signal })).resolves.toMatchObject({ output: 'He has #### 5' });
  });

  it('finds the record by exact prompt text when no id matches, answering the recorded response', async () => {
    const completion = await replay('strong').complete(request('job-x', records[1].prompt), { signal });
    expect(completion.output).toBe('The answer is 5');
    expect(completion.usage.inputTokens).toBeGreaterThan(0);
  });

  it('rejects an unknown prompt as a permanent REPLAY_UNKNOWN_PROMPT error', async () => {
    await expect(replay('weak').complete(request('job-y', 'never recorded'), { signal })).rejects.toMatchObject({
      code: 'REPLAY_UNKNOWN_PROMPT',
      kind: 'permanent',
      retryable: false,
    });
  });

  it('rejects a record without an outcome for its model', async () => {
    await expect(replay('other').complete(request('r1', ''), { signal })).rejects.toMatchObject({ code: 'REPLAY_NO_OUTCOME' });
  });

  it('honours the abort signal while waiting the configured latency', async () => {
    await expect(replay('weak', 10_000).complete(request('r1', ''), { signal: AbortSignal.timeout(20) })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('names the file and line of a malformed record', () => {
    expect(() => parseReplayFile('{"id":"a","prompt":"p","outcomes":{}}\n{"id":1}\n', 'x.jsonl')).toThrow(/x\.jsonl:2/);
  });

  it('fails at creation when the file is missing', () => {
    expect(() => createBackend(testModel({ id: 'm', provider: 'replay', replay: { file: join(dir, 'absent.jsonl'), outcomeKey: 'weak' } }))).toThrow(/absent\.jsonl/);
  });
});
