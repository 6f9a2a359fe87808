/**
 * A map that forgets its oldest entry past `capacity`. Compiled regexes and schemas come from
 * job references, so an unbounded cache would grow with every distinct job.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  getOrCreate(key: string, create: (key: string) => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = create(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
