import { BackendError } from './classify-error';
import type { CompletionRequest } from './completion';
import { createBackend } from './create-backend';
import { drawOutcome, qualityFor } from './simulated-backend';
import { testModel } from './test-model';

const simulated = (settings: Record<string, unknown>) => testModel({ id: 'sim', provider: 'simulated', simulated: { latencyMedianMs: 0, ...settings } });
const request = (jobId: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  jobId,
  messages: [{ role: 'user', content: 'What is 6*7?' }],
  attachments: [],
  metadata: {},
  ...extra,
});
const noAbort = new AbortController().signal;

describe('simulated backend', () => {
  it('draws the same outcome for the same job whatever the order of calls', () => {
    const model = simulated({ failureRate: 0.3, seed: 7 });
    const ids = Array.from({ length: 200 }, (_, i) => `job-${i}`);
    const forward = ids.map((id) => drawOutcome('sim', model.simulated!, request(id, { reference: '42' })));
    const backward = [...ids].reverse().map((id) => drawOutcome('sim', model.simulated!, request(id, { reference: '42' }))).reverse();
    expect(backward).toEqual(forward);
  });

  it('draws different outcomes under a different seed or attempt', () => {
    const a = simulated({ seed: 1 }).simulated!;
    const b = simulated({ seed: 2 }).simulated!;
    const tokens = (s: typeof a, attempt: number) => Array.from({ length: 50 }, (_, i) => drawOutcome('sim', s, request(`job-${i}`, { attempt })).outputTokens);
    expect(tokens(a, 0)).not.toEqual(tokens(b, 0));
    expect(tokens(a, 0)).not.toEqual(tokens(a, 1));
  });

  it('fails at the configured rate over 10k calls', async () => {
    const backend = createBackend(simulated({ failureRate: 0.2, seed: 3 }));
    let failures = 0;
    for (let i = 0; i < 10_000; i++) {
      await backend.complete(request(`job-${i}`), { signal: noAbort }).catch((error: unknown) => {
        expect(error).toMatchObject({ code: 'SIMULATED_FAILURE', kind: 'transient', retryable: true });
        failures++;
      });
    }
    // 3 standard deviations of a binomial(10k, 0.2) is 120 calls.
    expect(Math.abs(failures / 10_000 - 0.2)).toBeLessThan(0.012);
  });

  it('answers the reference at the quality of the task type, and a different answer otherwise', async () => {
    const backend = createBackend(simulated({ quality: { math: 0.9, default: 0.3 }, seed: 5 }));
    const correctShare = async (taskType: string) => {
      let correct = 0;
      for (let i = 0; i < 4_000; i++) {
        const { output } = await backend.complete(request(`job-${i}`, { taskType, reference: '42' }), { signal: noAbort });
        if (output === '42') correct++;
        else expect(Number(output)).not.toBe(42);
      }
      return correct / 4_000;
    };
    expect(await correctShare('math')).toBeCloseTo(0.9, 1);
    expect(await correctShare('chat')).toBeCloseTo(0.3, 1);
  });

  it('answers a wrong choice letter for a multiple-choice reference', () => {
    const settings = simulated({ quality: { default: 0 } }).simulated!;
    const outputs = new Set(Array.from({ length: 50 }, (_, i) => drawOutcome('sim', settings, request(`job-${i}`, { reference: 'B' })).output));
    expect([...outputs].sort()).toEqual(['A', 'C', 'D']);
  });

  it('uses the default quality for unknown task types', () => {
    expect(qualityFor({ quality: { code: 0.9, default: 0.4 } }, 'poetry')).toBe(0.4);
    expect(qualityFor({ quality: { code: 0.9, default: 0.4 } }, 'code')).toBe(0.9);
  });

  it('returns output tokens around the configured mean and marks answers cut by maxOutputTokens', async () => {
    const backend = createBackend(simulated({ outputTokensMean: 100 }));
    let total = 0;
    for (let i = 0; i < 1_000; i++) total += (await backend.complete(request(`job-${i}`), { signal: noAbort })).usage.outputTokens;
    expect(total / 1_000).toBeGreaterThan(90);
    expect(total / 1_000).toBeLessThan(110);
    const capped = await backend.complete(request('job-cap', { maxOutputTokens: 10 }), { signal: noAbort });
    expect(capped).toMatchObject({ finishReason: 'length', usage: { outputTokens: 10 } });
  });

  it('draws latency log-normally around the configured median', () => {
    const settings = simulated({ latencyMedianMs: 200, latencyP95Ms: 800 }).simulated!;
    const latencies = Array.from({ length: 4_000 }, (_, i) => drawOutcome('sim', settings, request(`job-${i}`)).latencyMs).sort((a, b) => a - b);
    expect(latencies[2_000]).toBeGreaterThan(180);
    expect(latencies[2_000]).toBeLessThan(220);
    expect(latencies[3_800]).toBeGreaterThan(700);
    expect(latencies[3_800]).toBeLessThan(900);
  });

  it('answers with zero latency without ever arming a timer', async () => {
    jest.useFakeTimers();
    try {
      const completion = await createBackend(simulated({ latencyMedianMs: 0 })).complete(request('job-0'), { signal: noAbort });
      expect(completion.output.length).toBeGreaterThan(0);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects with a timeout error when the signal aborts during the latency', async () => {
    const backend = createBackend(simulated({ latencyMedianMs: 10_000 }));
    const error = await backend.complete(request('job-slow'), { signal: AbortSignal.timeout(20) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ kind: 'timeout', code: 'TIMEOUT' });
  });

  it('streams the whole answer through onDelta', async () => {
    const deltas: string[] = [];
    const completion = await createBackend(simulated({})).complete(request('job-s', { reference: 'forty-two' }), { signal: noAbort, onDelta: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(completion.output);
  });
});
