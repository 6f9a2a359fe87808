import { createProgressBar } from './progress-bar';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text) };
}

describe('createProgressBar', () => {
  it('redraws a single line in place on a terminal', () => {
    const out = stream(true);
    const bar = createProgressBar(out, 4, 'training');
    for (let done = 1; done <= 4; done++) bar.update(done, `loss ${done}`);
    bar.finish();
    expect(out.chunks.slice(0, 4).every((c) => c.startsWith('\r') && !c.includes('\n'))).toBe(true);
    expect(out.chunks[1]).toContain('[############............]  50% 2/4 loss 2');
    expect(out.chunks.at(-1)).toMatch(/100% 4\/4 loss 4\x1b\[K\n$/);
  });

  it('prints the first step and then one line per tenth of the way when not on a terminal', () => {
    const out = stream(false);
    const bar = createProgressBar(out, 1_000, 'training');
    for (let done = 1; done <= 1_000; done++) bar.update(done);
    bar.finish();
    expect(out.chunks).toHaveLength(11);
    expect(out.chunks.join('')).not.toContain('\r');
    expect(out.chunks.at(-1)).toContain('100% 1000/1000');
  });
});
