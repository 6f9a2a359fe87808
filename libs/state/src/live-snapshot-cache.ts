import { emptySnapshot, type LiveSnapshot } from '@switchyard/routing';

/** Where snapshots come from; `LiveStateStore` is one. */
export interface SnapshotSource {
  readSnapshot(now: number): Promise<LiveSnapshot>;
}

/** The two log calls the cache makes (a pino logger fits). */
export interface SnapshotCacheLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface LiveSnapshotCacheOptions {
  /** Time between the end of one read and the start of the next (config `routing.snapshotRefreshMs`). */
  refreshMs: number;
  logger: SnapshotCacheLogger;
  /** Unix ms now. @default Date.now */
  clock?: () => number;
}

/**
 * The router's local copy of the live snapshot, refreshed on a timer so every
 * routing decision reads it synchronously without I/O.
 *
 * While reads fail (Redis down), `current()` keeps returning the last good
 * snapshot marked `fresh: false` (an empty one if none was ever read), one
 * warning is logged when it goes stale and one info line when reads succeed
 * again; it recovers by itself. Reads never overlap: the next starts
 * `refreshMs` after the previous one ends, so a slow read is bounded by the
 * client's command timeout, not multiplied.
 */
export class LiveSnapshotCache {
  private snapshot: LiveSnapshot;
  private stale = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly clock: () => number;

  constructor(
    private readonly source: SnapshotSource,
    private readonly options: LiveSnapshotCacheOptions,
  ) {
    if (!(options.refreshMs > 0)) throw new RangeError(`LiveSnapshotCache: refreshMs must be > 0 (got ${options.refreshMs})`);
    this.clock = options.clock ?? Date.now;
    this.snapshot = emptySnapshot(this.clock());
  }

  /**
   * Reads the first snapshot and starts refreshing every `refreshMs`.
   * Never rejects: resolves true when the first read succeeded, false when it
   * failed (the cache then serves an empty, non-fresh snapshot and keeps trying).
   */
  async start(): Promise<boolean> {
    const ok = await this.refresh();
    this.schedule();
    return ok;
  }

  /** The latest snapshot; synchronous, never throws, does no I/O. */
  current(): LiveSnapshot {
    return this.snapshot;
  }

  /** Reads a snapshot now. Never rejects: resolves whether the read succeeded. */
  async refresh(): Promise<boolean> {
    try {
      const next = await this.source.readSnapshot(this.clock());
      if (this.closed) return true;
      this.snapshot = next;
      if (this.stale) {
        this.stale = false;
        this.options.logger.info({ takenAt: next.takenAt }, 'live snapshot fresh again: Redis reads recovered');
      }
      return true;
    } catch (err) {
      if (!this.stale && !this.closed) {
        this.stale = true;
        this.options.logger.warn(
          { err: err instanceof Error ? err.message : String(err), lastTakenAt: this.snapshot.takenAt },
          'live snapshot stale: Redis read failed; routing on the last snapshot until it recovers',
        );
      }
      if (this.snapshot.fresh) this.snapshot = { ...this.snapshot, fresh: false };
      return false;
    }
  }

  /** Stops refreshing; `current()` keeps answering with the last snapshot. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.refresh().then(() => this.schedule());
    }, this.options.refreshMs);
    this.timer.unref();
  }
}
