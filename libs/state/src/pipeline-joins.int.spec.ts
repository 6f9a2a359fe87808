import type Redis from 'ioredis';
import { closeRedis, connectRedis } from './connect';
import { PipelineJoins } from './pipeline-joins';
import { randomKeyPrefix, startTestRedis, type TestRedis } from './testing/redis-server';

describe('pipeline joins', () => {
  let server: TestRedis;
  let clients: Redis[];

  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    clients = [];
  });
  afterEach(() => Promise.all(clients.map((c) => closeRedis(c))));

  async function joins(prefix: string): Promise<PipelineJoins> {
    const redis = await connectRedis(server.url, { readyTimeoutMs: 3_000 });
    clients.push(redis);
    return new PipelineJoins(redis, prefix);
  }

  it('hands every output to the arrival that completes the wave, and to no other', async () => {
    const store = await joins(randomKeyPrefix());
    expect(await store.arrive('job-1', 'a', 3, 'a', 'out-a')).toBeNull();
    expect(await store.arrive('job-1', 'a', 3, 'b', 'out-b')).toBeNull();
    expect(await store.arrive('job-1', 'a', 3, 'c', 'out-c')).toEqual(new Map([['a', 'out-a'], ['b', 'out-b'], ['c', 'out-c']]));
    expect(await store.arrive('job-2', 'a', 3, 'a', 'other job')).toBeNull();
  });

  it('lets the owner replay its arrival after a crash while an earlier step replayed gets nothing', async () => {
    const store = await joins(randomKeyPrefix());
    await store.arrive('job-1', 'x', 2, 'x', 'first');
    expect(await store.arrive('job-1', 'x', 2, 'y', 'second')).not.toBeNull();
    // The chunk holding both arrivals is replayed: x first, then y.
    expect(await store.arrive('job-1', 'x', 2, 'x', 'first')).toBeNull();
    expect(await store.arrive('job-1', 'x', 2, 'y', 'second')).toEqual(new Map([['x', 'first'], ['y', 'second']]));
  });

  it('makes exactly one of two concurrent last arrivals (two replicas) the owner', async () => {
    const prefix = randomKeyPrefix();
    const [one, two] = [await joins(prefix), await joins(prefix)];
    await one.arrive('job-1', 'w', 3, 'a', 'a');
    const answers = await Promise.all([one.arrive('job-1', 'w', 3, 'b', 'b'), two.arrive('job-1', 'w', 3, 'c', 'c')]);
    expect(answers.filter((a) => a !== null)).toHaveLength(1);
  });
});
