/**
 * A real Redis for integration tests: a `redis-server` child process on a
 * free loopback port with persistence off, or the server at REDIS_URL when
 * that is set. Test-only: not exported from the lib's index.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

export interface TestRedis {
  readonly url: string;
  /** True when this process owns the server (and so can kill and restart it). */
  readonly owned: boolean;
  /** SIGKILLs the server: no shutdown, no save, as a crash. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and waits until it answers PING. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

class ChildRedis implements TestRedis {
  readonly owned = true;
  private child: ChildProcess | undefined;
  private output = '';

  constructor(private readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.output = '';
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));
    this.child = child;
    await waitUntil(
      async () => {
        if (spawnError) throw new Error(`redis-server could not start (${spawnError.message}); install it with: apt-get install -y redis-server`);
        if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}: ${this.output.slice(-500)}`);
        return ping(this.port);
      },
      `redis-server on port ${this.port} did not answer PING`,
      READY_TIMEOUT_MS,
    );
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  stop(): Promise<void> {
    return this.kill();
  }
}

/** Starts a redis-server child on a free port (always owned, so it can be killed and restarted). */
export async function startRedisServer(): Promise<TestRedis> {
  const server = new ChildRedis(await freePort());
  await server.restart();
  return server;
}

/** The Redis at REDIS_URL when set, else a fresh child server. Use random key prefixes either way. */
export async function startTestRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_URL;
  if (!url) return startRedisServer();
  const notOwned = () => Promise.reject(new Error(`cannot kill or restart the Redis at REDIS_URL (${url})`));
  return { url, owned: false, kill: notOwned, restart: notOwned, stop: async () => undefined };
}

/** A random key prefix, so tests sharing one Redis never see each other's keys. */
export function randomKeyPrefix(): string {
  return `test:${Math.random().toString(36).slice(2, 10)}:`;
}

