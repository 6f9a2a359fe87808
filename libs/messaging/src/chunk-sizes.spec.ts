import { ChunkSizes } from './chunk-sizes';

describe('ChunkSizes', () => {
  it('starts at the minimum and doubles while full chunks take under half the target, up to the maximum', () => {
    const sizes = new ChunkSizes(10, 50, 200);
    expect(sizes.next('p0')).toBe(10);
    sizes.record('p0', 10, 20);
    expect(sizes.next('p0')).toBe(20);
    sizes.record('p0', 20, 20);
    sizes.record('p0', 40, 20);
    expect(sizes.next('p0')).toBe(50);
  });

  it('halves after a chunk over the target, never below the minimum', () => {
    const sizes = new ChunkSizes(8, 512, 200);
    for (let i = 0; i < 6; i++) sizes.record('p0', sizes.next('p0'), 10);
    expect(sizes.next('p0')).toBe(512);
    sizes.record('p0', 512, 900);
    expect(sizes.next('p0')).toBe(256);
    for (let i = 0; i < 10; i++) sizes.record('p0', sizes.next('p0'), 900);
    expect(sizes.next('p0')).toBe(8);
  });

  it('keeps the size when a chunk was short of it (the batch ran out) or took between half the target and the target', () => {
    const sizes = new ChunkSizes(16, 256, 200);
    sizes.record('p0', 3, 1);
    expect(sizes.next('p0')).toBe(16);
    sizes.record('p0', 16, 150);
    expect(sizes.next('p0')).toBe(16);
  });

  it('sizes each partition on its own', () => {
    const sizes = new ChunkSizes(4, 64, 100);
    sizes.record('a', 4, 1);
    expect(sizes.next('a')).toBe(8);
    expect(sizes.next('b')).toBe(4);
  });

  it('rejects bounds that cannot hold a chunk', () => {
    expect(() => new ChunkSizes(0, 10, 100)).toThrow(/1 <= min <= max/);
    expect(() => new ChunkSizes(20, 10, 100)).toThrow(/min 20, max 10/);
  });
});
