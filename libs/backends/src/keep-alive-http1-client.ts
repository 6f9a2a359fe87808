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

interface IdleConnection {
  socket: net.Socket;
  expiresAt: number;
  /** Drops the connection when it ends, errors or speaks while idle. */
  drop(): void;
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
  private readonly idle: IdleConnection[] = [];
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
    for (const [name, value] of Object.entries(request.headers)) head += `${name}: ${value}\r\n`;
    const socket = this.takeIdle() ?? this.connect();
    return new Promise<void>((resolve, reject) => {
      const parser = new Http1ResponseParser(request);
      let settled = false;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        socket.off('data', onData).off('error', onError).off('close', onClose);
        request.signal.removeEventListener('abort', onAbort);
        if (err === undefined) resolve();
        else {
          socket.destroy();
          reject(err);
        }
      };
      const onData = (bytes: Buffer) => {
        try {
          if (!parser.push(bytes)) return;
        } catch (err) {
          return finish(err);
        }
        finish();
        if (parser.reusable) this.release(socket, parser.serverIdleTimeoutMs);
        else socket.destroy();
      };
      const onError = (err: Error) => finish(err);
      const onClose = () => finish(parser.closed() ? undefined : closedEarly());
      const onAbort = () => finish(request.signal.reason);
      socket.on('data', onData).on('error', onError).on('close', onClose);
      request.signal.addEventListener('abort', onAbort, { once: true });
      socket.write(`${head}\r\n${request.body}`);
    });
  }

  /** Closes the idle connections; calls in flight end with their own. */
  close(): void {
    for (const { socket } of this.idle.splice(0)) socket.destroy();
  }

  private connect(): net.Socket {
    const { hostname: host, port } = this;
    const socket = this.secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ca: this.options.ca }) : net.connect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    return socket;
  }

  private takeIdle(): net.Socket | undefined {
    const now = this.now();
    for (let entry = this.idle.pop(); entry; entry = this.idle.pop()) {
      entry.socket.off('end', entry.drop).off('close', entry.drop).off('error', entry.drop).off('data', entry.drop);
      if (entry.expiresAt > now && entry.socket.writable && !entry.socket.readableEnded) return entry.socket;
      entry.socket.destroy();
    }
    return undefined;
  }

  private release(socket: net.Socket, serverIdleTimeoutMs: number | undefined): void {
    const expiresAt = this.now() + (serverIdleTimeoutMs === undefined ? DEFAULT_IDLE_MS : serverIdleTimeoutMs - IDLE_MARGIN_MS);
    // An idle connection the server ends, errors or speaks on can carry no further request.
    const entry: IdleConnection = {
      socket,
      expiresAt,
      drop: () => {
        const at = this.idle.indexOf(entry);
        if (at >= 0) this.idle.splice(at, 1);
        socket.destroy();
      },
    };
    socket.on('end', entry.drop).on('close', entry.drop).on('error', entry.drop).on('data', entry.drop);
    this.idle.push(entry);
  }
}

function closedEarly(): ConnectionError {
  return Object.assign(new Error('the upstream closed the connection before the response ended'), { code: 'ECONNRESET' });
}
