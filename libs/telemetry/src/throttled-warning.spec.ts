import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { throttledWarning } from './throttled-warning';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: createLogger({ service: 'test', destination }), lines };
}

describe('throttledWarning', () => {
  afterEach(() => jest.useRealTimers());

  it('logs the first failure with its message, then at most one per period', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { logger, lines } = capturedLogger();
    const warn = throttledWarning(logger, 'stats not written', 30_000);
    warn(new Error('connection refused'));
    warn(new Error('connection refused'));
    jest.setSystemTime(1_000_000 + 29_999);
    warn(new Error('still refused'));
    jest.setSystemTime(1_000_000 + 30_000);
    warn(new Error('timed out'));
    expect(lines.map((l) => [l.msg, l.err, l.level])).toEqual([
      ['stats not written', 'connection refused', 40],
      ['stats not written', 'timed out', 40],
    ]);
  });
});
