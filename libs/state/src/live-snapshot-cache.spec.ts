import { emptySnapshot, type LiveSnapshot } from '@switchyard/routing';
import { LiveSnapshotCache, type SnapshotSource } from './live-snapshot-cache';

/** A source whose next reads succeed or fail as the test says. */
class ScriptedSource implements SnapshotSource {
  failing = false;
  reads = 0;
  async readSnapshot(now: number): Promise<LiveSnapshot> {
    this.reads++;
    if (this.failing) throw new Error('connection refused');
    return { ...emptySnapshot(now), fresh: true, tenantSpendUsd: { acme: this.reads } };
  }
}

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    warn: (_fields: object, message: string) => lines.push({ level: 'warn', message }),
    info: (_fields: object, message: string) => lines.push({ level: 'info', message }),
  };
}

describe('LiveSnapshotCache', () => {
  it('serves an empty, non-fresh snapshot before the first read', () => {
    const cache = new LiveSnapshotCache(new ScriptedSource(), { refreshMs: 50, logger: recordingLogger(), clock: () => 1_000 });
    expect(cache.current()).toEqual(emptySnapshot(1_000));
  });

  it('keeps the last snapshot marked stale while reads fail, logging once each way', async () => {
    const source = new ScriptedSource();
    const logger = recordingLogger();
    let now = 1_000;
    const cache = new LiveSnapshotCache(source, { refreshMs: 50, logger, clock: () => now });
    expect(await cache.refresh()).toBe(true);
    const good = cache.current();
    expect(good.fresh).toBe(true);

    source.failing = true;
    now = 2_000;
    expect(await cache.refresh()).toBe(false);
    expect(await cache.refresh()).toBe(false);
    expect(cache.current()).toEqual({ ...good, fresh: false });
    expect(logger.lines.map((l) => l.level)).toEqual(['warn']);

    source.failing = false;
    expect(await cache.refresh()).toBe(true);
    expect(cache.current()).toMatchObject({ fresh: true, takenAt: 2_000 });
    expect(logger.lines.map((l) => l.level)).toEqual(['warn', 'info']);
  });

  it('refreshes on its own timer after start and stops on close', async () => {
    const source = new ScriptedSource();
    const cache = new LiveSnapshotCache(source, { refreshMs: 10, logger: recordingLogger() });
    expect(await cache.start()).toBe(true);
    const deadline = Date.now() + 2_000;
    while (source.reads < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(source.reads).toBeGreaterThanOrEqual(3);
    cache.close();
    const readsAtClose = source.reads;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.reads).toBeLessThanOrEqual(readsAtClose + 1);
  });
});
