/**
 * Per-partition chunk sizes that track a processing-time target: a chunk that
 * took under half the target doubles the next one, one over the target
 * halves it, always within [min, max]. Sizes start at the minimum, so a slow
 * stage never commits a large chunk before it has been measured.
 */
export class ChunkSizes {
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly targetMs: number,
  ) {
    if (!(min >= 1 && max >= min)) throw new RangeError(`chunk sizes need 1 <= min <= max, got min ${min}, max ${max}`);
  }

  next(key: string): number {
    return this.sizes.get(key) ?? this.min;
  }

  /** Records how long a chunk of `size` took; only a full-size chunk can grow the next one. */
  record(key: string, size: number, elapsedMs: number): void {
    const current = this.next(key);
    if (elapsedMs > this.targetMs) this.sizes.set(key, Math.max(this.min, Math.floor(current / 2)));
    else if (elapsedMs < this.targetMs / 2 && size >= current) this.sizes.set(key, Math.min(this.max, current * 2));
  }
}
