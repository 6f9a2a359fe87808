import { reconnectDelayMs, redactRedisUrl } from './connect';

describe('redactRedisUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactRedisUrl('redis://user:secret@redis.example:6380/2')).toBe('redis://user:***@redis.example:6380/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes an unparsable URL, which may hold a secret', () => {
    expect(redactRedisUrl('not a url :secret@')).toBe('<unparsable redis url>');
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 50 ms and stays at the cap however long Redis is away', () => {
    expect([1, 2, 3, 4].map((n) => reconnectDelayMs(n, 2_000))).toEqual([50, 100, 200, 400]);
    expect(reconnectDelayMs(10, 2_000)).toBe(2_000);
    expect(reconnectDelayMs(100_000, 2_000)).toBe(2_000);
  });
});
