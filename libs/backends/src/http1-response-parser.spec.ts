import { Http1ProtocolError, Http1ResponseParser, type Http1ResponseHead } from './http1-response-parser';

interface Parsed {
  heads: Http1ResponseHead[];
  body: string;
  complete: boolean;
  reusable: boolean;
}

/** Feeds the bytes in pieces of `size` (every split is a case a socket can produce). */
function parse(text: string, size = text.length): Parsed & { parser: Http1ResponseParser } {
  const heads: Http1ResponseHead[] = [];
  let body = '';
  const parser = new Http1ResponseParser({ head: (h) => heads.push(h), data: (chunk) => (body += chunk.toString('latin1')) });
  const bytes = Buffer.from(text, 'latin1');
  let complete = false;
  for (let at = 0; at < bytes.length; at += size) complete = parser.push(bytes.subarray(at, at + size));
  return { parser, heads, body, complete, reusable: parser.reusable };
}

const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n';

describe('Http1ResponseParser', () => {
  it('reads a Content-Length body, whatever the split of the bytes', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    for (let size = 1; size <= text.length; size++) {
      const parsed = parse(text, size);
      expect(parsed).toMatchObject({ body: '{"ok":true}', complete: true, reusable: true });
      expect(parsed.heads).toEqual([{ status: 200, headers: new Map([['content-type', 'application/json'], ['content-length', '11']]) }]);
    }
  });

  it('de-chunks a chunked body with extensions and trailers, whatever the split', () => {
    for (let size = 1; size <= CHUNKED.length; size++) expect(parse(CHUNKED, size)).toMatchObject({ body: 'hello, world', complete: true, reusable: true });
  });

  it('is not complete until the last chunk and the blank line after the trailers', () => {
    expect(parse(CHUNKED.slice(0, -2)).complete).toBe(false);
    expect(parse(CHUNKED.slice(0, CHUNKED.indexOf('0\r\n'))).complete).toBe(false);
  });

  it('skips interim 1xx heads and reports the final one', () => {
    const parsed = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nContent-Length: 2\r\n\r\n{}', 3);
    expect(parsed.heads.map((h) => h.status)).toEqual([429]);
    expect(parsed).toMatchObject({ body: '{}', complete: true });
  });

  it('reads a body without length or chunking until the close, and does not reuse that connection', () => {
    const parsed = parse('HTTP/1.1 200 OK\r\n\r\nuntil the end');
    expect(parsed).toMatchObject({ body: 'until the end', complete: false });
    expect(parsed.parser.closed()).toBe(true);
    expect(parsed.parser.reusable).toBe(false);
  });

  it('reports a response cut short by the close as incomplete', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort').parser.closed()).toBe(false);
    expect(parse(CHUNKED.slice(0, 60)).parser.closed()).toBe(false);
  });

  it('keeps the connection only when the server does: Connection: close and HTTP/1.0 end it', () => {
    expect(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ complete: true, reusable: false });
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ complete: true, reusable: false });
    expect(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ complete: true, reusable: true });
  });

  it("reads the server's idle timeout from Keep-Alive", () => {
    expect(parse('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n').parser.serverIdleTimeoutMs).toBe(5_000);
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n').parser.serverIdleTimeoutMs).toBeUndefined();
  });

  it('has no body for 204 and 304', () => {
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n')).toMatchObject({ body: '', complete: true, reusable: true });
    expect(parse('HTTP/1.1 304 Not Modified\r\n\r\n')).toMatchObject({ body: '', complete: true });
  });

  it('joins repeated headers', () => {
    expect(parse('HTTP/1.1 200 OK\r\nVia: a\r\nvia: b\r\nContent-Length: 0\r\n\r\n').heads[0].headers.get('via')).toBe('a, b');
  });

  it.each([
    ['a status line that is not HTTP/1.x', 'HTTP/2 200\r\n\r\n', /status line/],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n', /header line/],
    ['a non-numeric content-length', 'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n', /content-length/],
    ['a transfer coding without chunked last', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n', /transfer-encoding/],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /chunk size/],
    ['a chunk not followed by CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY', /CRLF/],
    ['bytes after the end of the response', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA', /after the end/],
    ['a switch of protocols never asked for', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', /101/],
  ])('refuses %s, naming what is wrong', (_what, text, message) => {
    expect(() => parse(text)).toThrow(Http1ProtocolError);
    expect(() => parse(text)).toThrow(message);
  });

  it('refuses a head that never ends rather than buffering it without bound', () => {
    const parser = new Http1ResponseParser({ head: () => undefined, data: () => undefined });
    expect(() => parser.push(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`))).toThrow(/head over/);
  });
});
