import pino from 'pino';
import { BatchedCallStats, type CallStatsStore } from './batched-call-stats';
import type { CallOutcome } from './call-stats';

const logger = pino({ level: 'silent' });

function recordingStore(fail = false) {
  const sent: string[] = [];
  const store: CallStatsStore = {
    callsStarted: async (count) => {
      sent.push(`started ${count}`);
      if (fail) throw new Error('redis away');
    },
    callsFinished: async (outcomes: CallOutcome[]) => {
      sent.push(`finished ${outcomes.map((o) => `${o.ok ? 'ok' : 'fail'}:${o.latencyMs}`).join(',')}`);
    },
  };
  return { store, sent };
}

describe('BatchedCallStats', () => {
  it('sends the starts and finishes counted since the last flush as one update each, starts first, finishes in order', async () => {
    const { store, sent } = recordingStore();
    const stats = new BatchedCallStats(store, logger, 60_000);
    stats.callStarted();
    stats.callStarted();
    stats.callFinished({ ok: true, latencyMs: 10, tokens: 5 });
    stats.callStarted();
    stats.callFinished({ ok: false, latencyMs: 30, tokens: 0 });
    await stats.flush();
    expect(sent).toEqual(['started 3', 'finished ok:10,fail:30']);
    await stats.flush();
    expect(sent).toHaveLength(2);
    await stats.close();
  });

  it('flushes on its own every interval and once more on close', async () => {
    jest.useFakeTimers();
    try {
      const { store, sent } = recordingStore();
      const stats = new BatchedCallStats(store, logger, 50);
      stats.callStarted();
      await jest.advanceTimersByTimeAsync(50);
      expect(sent).toEqual(['started 1']);
      stats.callFinished({ ok: true, latencyMs: 7, tokens: 1 });
      await stats.close();
      expect(sent).toEqual(['started 1', 'finished ok:7']);
      await jest.advanceTimersByTimeAsync(500);
      expect(sent).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps counting after Redis fails, dropping that flush rather than failing a call', async () => {
    const { store, sent } = recordingStore(true);
    const stats = new BatchedCallStats(store, logger, 60_000);
    stats.callStarted();
    await expect(stats.flush()).resolves.toBeUndefined();
    stats.callStarted();
    await stats.close();
    expect(sent).toEqual(['started 1', 'started 1']);
  });
});
