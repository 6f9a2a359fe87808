/**
 * The load generator of bench:http: closed loop (each of `concurrency` callers sends its next request
 * when the previous answer's last byte arrived) over keep-alive HTTP/1.1 connections, so every target is
 * driven the same way and latency is to the last byte, streams included. It speaks HTTP/1.1 on raw
 * sockets with each request's bytes built once: node:http's client cost 0.12 ms of CPU a request here,
 * taken from the same two cores as the processes under test.
 */
import net from 'node:net';

export interface HttpTarget {
  name: string;
  port: number;
  /** The `model` this target is asked for: the upstream's own name, or a Switchyard route. */
  model: string;
  headers: Record<string, string>;
}

export interface LoadRun {
  /** Milliseconds to the last byte of each answer, in completion order. */
  latenciesMs: number[];
  elapsedMs: number;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/** Where an HTTP/1.1 response in `buf` ends (Content-Length or chunked), or -1 while it is incomplete. */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private bodyStart = -1;
  private contentLength = -1;
  private nextChunk = 0;
  status = 0;

  push(data: Buffer): boolean {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    if (this.bodyStart < 0) {
      const end = this.buf.indexOf(HEADERS_END);
      if (end < 0) return false;
      const head = this.buf.subarray(0, end).toString('latin1').toLowerCase();
      this.status = Number(head.slice(9, 12));
      this.bodyStart = end + 4;
      this.nextChunk = this.bodyStart;
      const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
      if (length) this.contentLength = Number(length[1]);
      else if (!/\r\ntransfer-encoding:\s*chunked/.test(head)) throw new Error(`a response with neither content-length nor chunked encoding: ${head.slice(0, 200)}`);
    }
    if (this.contentLength >= 0) return this.buf.length >= this.bodyStart + this.contentLength;
    // Chunked: walk the size lines; the zero-size chunk and its blank line end the response.
    for (;;) {
      const lineEnd = this.buf.indexOf(CRLF, this.nextChunk);
      if (lineEnd < 0) return false;
      const size = parseInt(this.buf.subarray(this.nextChunk, lineEnd).toString('latin1'), 16);
      if (size === 0) return this.buf.length >= lineEnd + 4;
      if (this.buf.length < lineEnd + 2 + size + 2) return false;
      this.nextChunk = lineEnd + 2 + size + 2;
    }
  }

  body(): string {
    return this.buf.subarray(this.bodyStart).toString('utf8');
  }
}

/** One keep-alive connection with one request at a time on it. */
class Connection {
  private readonly socket: net.Socket;
  private reader = new ResponseReader();
  private settle?: { resolve: (ms: number) => void; reject: (error: Error) => void; started: bigint };

  constructor(
    private readonly target: HttpTarget,
    port: number,
  ) {
    this.socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => {
      this.closed = true;
      this.fail(new Error(`${target.name} closed the connection`));
    });
  }

  /** The server closed it (e.g. its keep-alive timeout while this target waited for the others' runs). */
  closed = false;

  send(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error(`${this.target.name}: send on a closed connection`));
      this.reader = new ResponseReader();
      this.settle = { resolve, reject, started: process.hrtime.bigint() };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    const settle = this.settle;
    if (!settle) return;
    let complete: boolean;
    try {
      complete = this.reader.push(data);
    } catch (error) {
      return this.fail(error as Error);
    }
    if (!complete) return;
    this.settle = undefined;
    if (this.reader.status !== 200) settle.reject(new Error(`${this.target.name} answered ${this.reader.status}: ${this.reader.body().slice(0, 300)}`));
    else settle.resolve(Number(process.hrtime.bigint() - settle.started) / 1e6);
  }

  private fail(error: Error): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.reject(error);
  }
}

function requestBytes(target: HttpTarget, body: object): Buffer {
  const payload = Buffer.from(JSON.stringify({ ...body, model: target.model }));
  const headers = Object.entries({ ...target.headers, host: `127.0.0.1:${target.port}`, 'content-type': 'application/json', 'content-length': String(payload.length) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.concat([Buffer.from(`POST /v1/chat/completions HTTP/1.1\r\n${headers}\r\n`, 'latin1'), payload]);
}

/** Open connections per target, kept across runs so a measured request never pays for a connect. */
const pools = new Map<HttpTarget, Connection[]>();

function connectionsTo(target: HttpTarget, count: number): Connection[] {
  // Connections the server has closed since the last run are replaced, or a caller would wait on them forever.
  const pool = (pools.get(target) ?? []).filter((c) => !c.closed);
  pools.set(target, pool);
  while (pool.length < count) pool.push(new Connection(target, target.port));
  return pool.slice(0, count);
}

/** Sends `count` requests with `concurrency` callers, each on its own keep-alive connection. */
export async function drive(target: HttpTarget, body: object, count: number, concurrency: number): Promise<LoadRun> {
  const request = requestBytes(target, body);
  const latenciesMs: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    connectionsTo(target, concurrency).map(async (connection) => {
      while (next < count) {
        next++;
        latenciesMs.push(await connection.send(request));
      }
    }),
  );
  return { latenciesMs, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

export function closeConnections(): void {
  for (const pool of pools.values()) for (const connection of pool) connection.close();
  pools.clear();
}

/**
 * One request at a time, the targets taking turns in short rounds, so a slow phase of the machine (the
 * other tenants of its 2 cores) falls on every target alike rather than on whichever ran then.
 */
export async function driveInTurns(targets: HttpTarget[], body: object, rounds: number, perRound: number): Promise<Map<string, number[]>> {
  const latencies = new Map(targets.map((t) => [t.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) latencies.get(target.name)?.push(...(await drive(target, body, perRound, 1)).latenciesMs);
  }
  return latencies;
}
