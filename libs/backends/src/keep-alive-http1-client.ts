import net from 'node:net';
import tls from 'node:tls';
import { Http1ResponseParser, type Http1ResponseHandler } from './http1-response-parser';

/** How long an idle connection is kept when the server gave no Keep-Alive timeout (Node's and uvicorn's servers close at 5 s). */
const DEFAULT_IDLE_MS = 4_000;
/** Reuse stops this long before the server's own idle timeout, so a request never races the server's close. */
const IDLE_MARGIN_MS = 1_000;

export interface Http1Request extends Http1ResponseHandler {
  method: 'POST';
  path: string;
  /** Header lines, names as sent; host and content-length are added. Values must not hold CR or LF. */
  headers: Record<string, string>;
  body: string;
  /** Aborting it destroys the connection (the server sees the close) and rejects with the signal's reason. */
  signal: AbortSignal;
}

/** The connection failed or closed before the response ended; `code` is the socket's (ECONNREFUSED, ...) or ECONNRESET. */
type ConnectionError = Error & { code?: string };

interface InFlight {
  parser: Http1ResponseParser;
  signal: AbortSignal;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * One socket and the request it carries, if any. Its listeners are attached
 * once, when it connects, and serve every request it carries, rather than
 * being added and removed per request (which cost the router's direct pools
 * a measurable share of their CPU).
 */
class Connection {
  private inFlight: InFlight | undefined;
  /** While idle: when reuse stops (see IDLE_MARGIN_MS). */
  expiresAt = 0;

  constructor(
    readonly socket: net.Socket,
    /** Called when the connection may carry another request, with the server's idle timeout if it gave one. */
    private readonly onIdle: (connection: Connection, serverIdleTimeoutMs: number | undefined) => void,
    /** Called when the connection can carry no further request. */
    private readonly onGone: (connection: Connection) => void,
  ) {
    socket.on('data', (bytes: Buffer) => this.received(bytes));
    socket.on('error', (err: Error) => this.end(err));
    // An idle connection the server ends (or resets) can carry no further request.
    socket.on('end', () => this.inFlight || this.end());
    socket.on('close', () => this.end(this.inFlight?.parser.closed() ? undefined : closedEarly()));
  }

  /** Whether it may carry a request now. */
  usable(now: number): boolean {
    return this.expiresAt > now && this.socket.writable && !this.socket.readableEnded;
  }

  send(request: Http1Request, head: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.inFlight = { parser: new Http1ResponseParser(request), signal: request.signal, resolve, reject };
      request.signal.addEventListener('abort', this.aborted, { once: true });
      this.socket.write(`${head}\r\n${request.body}`);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private readonly aborted = () => this.end(this.inFlight?.signal.reason);

  private received(bytes: Buffer): void {
    const inFlight = this.inFlight;
    // A server speaking on an idle connection is not speaking HTTP/1.1 to us.
    if (!inFlight) return this.end();
    let complete: boolean;
    try {
      complete = inFlight.parser.push(bytes);
    } catch (err) {
      return this.end(err);
    }
    if (!complete) return;
    this.settle();
    inFlight.resolve();
    if (inFlight.parser.reusable) this.onIdle(this, inFlight.parser.serverIdleTimeoutMs);
    else this.end();
  }

  /** Ends the connection: the call in flight, if any, with `err` (or as complete when the close framed its body). */
  private end(err?: unknown): void {
    const inFlight = this.settle();
    this.socket.destroy();
    this.onGone(this);
    if (!inFlight) return;
    if (err === undefined) inFlight.resolve();
    else inFlight.reject(err);
  }

  private settle(): InFlight | undefined {
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    inFlight?.signal.removeEventListener('abort', this.aborted);
    return inFlight;
  }
}

/**
 * A minimal HTTP/1.1 client for one origin over keep-alive connections, one
 * request at a time on each: the request goes out in one write, the response
 * is framed by Http1ResponseParser. It exists for the router's direct pools,
 * whose upstream call sits inside every synchronous request: measured here,
 * node:http's client took 0.28-0.31 ms a call to a local upstream at the
 * median where these raw sockets took 0.15-0.17 ms (docs/benchmarks.md).
 * No proxies, no compression (none is asked for), no retries: a failed
 * call is the caller's to classify and fall back from.
 */
export class KeepAliveHttp1Client {
  private readonly idle: Connection[] = [];
  /** The Host header: host and port as the URL gave them. */
  private readonly authority: string;
  private readonly hostname: string;
  private readonly port: number;
  private readonly secure: boolean;

  constructor(
    origin: URL,
    private readonly options: {
      /** Trust anchors for https: in place of Node's (NODE_EXTRA_CA_CERTS adds to Node's for the whole process). */
      ca?: string | Buffer;
      now?: () => number;
    } = {},
  ) {
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new Error(`${origin.href}: only http: and https: are supported`);
    this.secure = origin.protocol === 'https:';
    this.authority = origin.host;
    this.hostname = origin.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(origin.port) || (this.secure ? 443 : 80);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Sends the request and feeds the response to its handler; resolves when the response has ended. */
  request(request: Http1Request): Promise<void> {
    if (request.signal.aborted) return Promise.reject(request.signal.reason);
    let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${this.authority}\r\ncontent-length: ${Buffer.byteLength(request.body)}\r\n`;
    for (const name in request.headers) head += `${name}: ${request.headers[name]}\r\n`;
    return (this.takeIdle() ?? this.connect()).send(request, head);
  }

  /** Closes the idle connections; calls in flight end with their own. */
  close(): void {
    for (const connection of this.idle.splice(0)) connection.destroy();
  }

  private connect(): Connection {
    const { hostname: host, port } = this;
    const socket = this.secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ca: this.options.ca }) : net.connect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    return new Connection(socket, this.release, this.forget);
  }

  private takeIdle(): Connection | undefined {
    const now = this.now();
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (connection.usable(now)) return connection;
      connection.destroy();
    }
    return undefined;
  }

  private readonly release = (connection: Connection, serverIdleTimeoutMs: number | undefined) => {
    connection.expiresAt = this.now() + (serverIdleTimeoutMs === undefined ? DEFAULT_IDLE_MS : serverIdleTimeoutMs - IDLE_MARGIN_MS);
    this.idle.push(connection);
  };

  private readonly forget = (connection: Connection) => {
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
  };
}

function closedEarly(): ConnectionError {
  return Object.assign(new Error('the upstream closed the connection before the response ended'), { code: 'ECONNRESET' });
}
