import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeepAliveHttp1Client } from './keep-alive-http1-client';

type Respond = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface TestServer {
  url: URL;
  /** The client port of each request, in order: one port per connection. */
  ports: number[];
  /** Resolves when a request's connection is closed (by the client or the server). */
  closed: Promise<void>[];
  server: http.Server;
}

async function listen(server: http.Server, scheme: 'http' | 'https', respond: Respond): Promise<TestServer> {
  const ports: number[] = [];
  const closed: Promise<void>[] = [];
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    ports.push(req.socket.remotePort ?? 0);
    closed.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (piece: string) => (body += piece));
    req.on('end', () => respond(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/`), ports, closed, server };
}

const servers: http.Server[] = [];
const clients: KeepAliveHttp1Client[] = [];

async function start(respond: Respond, keepAliveTimeoutMs = 5_000): Promise<TestServer> {
  const server = http.createServer({ keepAliveTimeout: keepAliveTimeoutMs });
  servers.push(server);
  return listen(server, 'http', respond);
}

function client(url: URL, options?: ConstructorParameters<typeof KeepAliveHttp1Client>[1]): KeepAliveHttp1Client {
  const made = new KeepAliveHttp1Client(url, options);
  clients.push(made);
  return made;
}

/** One POST; the status and the whole body. */
async function post(on: KeepAliveHttp1Client, body = '{}', signal = AbortSignal.timeout(5_000), onData?: (piece: string) => void) {
  let status = 0;
  let text = '';
  await on.request({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    body,
    signal,
    head: (head) => (status = head.status),
    data: (chunk) => {
      text += chunk.toString('utf8');
      onData?.(chunk.toString('utf8'));
    },
  });
  return { status, text };
}

const echo: Respond = (req, res, body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body }));

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('KeepAliveHttp1Client', () => {
  it('sends the method, path, host, headers and body, and reads the answer', async () => {
    const server = await start(echo);
    const answer = await post(client(server.url), '{"q":"é"}');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ method: 'POST', url: '/v1/chat/completions', host: server.url.host, body: '{"q":"é"}' });
  });

  it('carries calls in sequence on one connection, and opens another only for a concurrent call', async () => {
    const server = await start(echo);
    const upstream = client(server.url);
    await post(upstream);
    await post(upstream);
    await post(upstream);
    expect(new Set(server.ports).size).toBe(1);
    await Promise.all([post(upstream), post(upstream)]);
    expect(new Set(server.ports).size).toBe(2);
  });

  it('does not reuse a connection the server closed while it was idle', async () => {
    const server = await start(echo, 100);
    const upstream = client(server.url);
    await post(upstream);
    await server.closed[0];
    await expect(post(upstream)).resolves.toMatchObject({ status: 200 });
    expect(server.ports[0]).not.toBe(server.ports[1]);
  });

  it("stops reusing a connection a second before the server's Keep-Alive timeout", async () => {
    const server = await start(echo, 5_000);
    let now = 1_000_000;
    const upstream = client(server.url, { now: () => now });
    await post(upstream);
    now += 3_900;
    await post(upstream);
    expect(server.ports[1]).toBe(server.ports[0]);
    now += 4_100;
    await post(upstream);
    expect(server.ports[2]).not.toBe(server.ports[1]);
  });

  it('hands on a streamed body piece by piece, before the server has sent the rest', async () => {
    let finishStream: () => void = () => undefined;
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      finishStream = () => res.end('data: [DONE]\n\n');
    });
    const pieces: string[] = [];
    const answer = post(client(server.url), '{}', AbortSignal.timeout(5_000), (piece) => {
      pieces.push(piece);
      if (pieces.length === 1) finishStream();
    });
    await expect(answer).resolves.toEqual({ status: 200, text: 'data: first\n\ndata: [DONE]\n\n' });
    expect(pieces[0]).toBe('data: first\n\n');
  });

  it('aborts mid-answer: rejects with the signal reason and closes the connection the server sees', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    const controller = new AbortController();
    const reason = new DOMException('the caller went away', 'AbortError');
    const answer = post(client(server.url), '{}', controller.signal, () => controller.abort(reason));
    await expect(answer).rejects.toBe(reason);
    await server.closed[0];
  });

  it('rejects a call whose signal already fired without sending it', async () => {
    const server = await start(echo);
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(post(client(server.url), '{}', controller.signal)).rejects.toThrow('too late');
    expect(server.ports).toHaveLength(0);
  });

  it('reports a response cut short by the server as ECONNRESET', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(post(client(server.url))).rejects.toMatchObject({ code: 'ECONNRESET', message: expect.stringContaining('before the response ended') });
  });

  it('reports a refused connection with its socket error code', async () => {
    const server = await start(echo);
    const url = server.url;
    await new Promise((resolve) => server.server.close(resolve));
    await expect(post(client(url))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a URL that is not http: or https:', () => {
    expect(() => new KeepAliveHttp1Client(new URL('ftp://127.0.0.1/'))).toThrow(/only http: and https:/);
  });

  describe('over TLS', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'http1-tls-'));
    // A self-signed certificate for 127.0.0.1, made here (Debian's openssl; scripts/test-tools.sh installs it).
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const cert = readFileSync(path.join(dir, 'cert.pem'));

    async function startTls(): Promise<TestServer> {
      const server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert });
      servers.push(server);
      return listen(server, 'https', echo);
    }

    it('calls an https: upstream it trusts, on one connection', async () => {
      const server = await startTls();
      const upstream = client(server.url, { ca: cert });
      await expect(post(upstream)).resolves.toMatchObject({ status: 200 });
      await post(upstream);
      expect(new Set(server.ports).size).toBe(1);
    });

    it('refuses an https: upstream whose certificate it cannot verify', async () => {
      const server = await startTls();
      await expect(post(client(server.url))).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/) });
      expect(server.ports).toHaveLength(0);
    });
  });
});
