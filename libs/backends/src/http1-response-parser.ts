// HTTP/1.1 message syntax and framing: https://www.rfc-editor.org/rfc/rfc9112 (sections 4-7)

/** A response's status and headers; header names lower-cased, repeated ones joined with ", ". */
export interface Http1ResponseHead {
  status: number;
  headers: ReadonlyMap<string, string>;
}

export interface Http1ResponseHandler {
  head(head: Http1ResponseHead): void;
  /** A piece of the body, de-chunked, as it arrives. */
  data(chunk: Buffer): void;
}

/** The bytes are not an HTTP/1.x response this parser can frame. */
export class Http1ProtocolError extends Error {
  readonly code = 'HTTP1_PROTOCOL';

  constructor(message: string) {
    super(`malformed HTTP/1.1 response: ${message}`);
    this.name = 'Http1ProtocolError';
  }
}

/** A head larger than this is refused rather than buffered without end. */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

/**
 * Frames one HTTP/1.1 response from the bytes of a connection, as they come:
 * skips interim 1xx heads, then reads the body by Content-Length, by chunked
 * transfer coding, or until the connection closes, handing it on piece by
 * piece. Pure: no sockets, so every split of the bytes can be tested.
 */
export class Http1ResponseParser {
  private buffered: Buffer = EMPTY;
  private state: State = 'head';
  private remaining = 0;
  private keepAlive = false;
  private idleTimeoutMs: number | undefined;

  constructor(private readonly handler: Http1ResponseHandler) {}

  /**
   * Takes the next bytes of the connection.
   * @returns true once the response is complete.
   * @throws Http1ProtocolError on bytes that are not a response, or that follow its end.
   */
  push(bytes: Buffer): boolean {
    if (this.complete) throw new Http1ProtocolError(`${bytes.length} byte(s) after the end of the response`);
    this.buffered = this.buffered.length === 0 ? bytes : Buffer.concat([this.buffered, bytes]);
    while (this.step());
    if (this.complete && this.buffered.length > 0) throw new Http1ProtocolError(`${this.buffered.length} byte(s) after the end of the response`);
    return this.complete;
  }

  /** The connection closed: ends a body framed by the close. @returns whether the response was complete. */
  closed(): boolean {
    if (this.state === 'until-close') this.state = 'done';
    return this.complete;
  }

  /** Whether the whole response has been read. */
  get complete(): boolean {
    return this.state === 'done';
  }

  /** Whether the connection may carry another request once this response is complete. */
  get reusable(): boolean {
    return this.complete && this.keepAlive;
  }

  /** How long the server keeps an idle connection open, when it said (Keep-Alive: timeout=N). */
  get serverIdleTimeoutMs(): number | undefined {
    return this.idleTimeoutMs;
  }

  /** One step of the state machine; false when it needs more bytes. */
  private step(): boolean {
    switch (this.state) {
      case 'head':
        return this.readHead();
      case 'length':
      case 'chunk-data':
        return this.readBody();
      case 'chunk-size':
        return this.readChunkSize();
      case 'chunk-end':
        if (this.buffered.length < 2) return false;
        if (this.buffered[0] !== 0x0d || this.buffered[1] !== 0x0a) throw new Http1ProtocolError('a chunk not followed by CRLF');
        this.consume(2);
        this.state = 'chunk-size';
        return true;
      case 'trailers':
        return this.readTrailerLine();
      case 'until-close':
        if (this.buffered.length > 0) this.handler.data(this.take(this.buffered.length));
        return false;
      case 'done':
        return false;
    }
  }

  private readHead(): boolean {
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0) {
      if (this.buffered.length > MAX_HEAD_BYTES) throw new Http1ProtocolError(`a head over ${MAX_HEAD_BYTES} bytes`);
      return false;
    }
    const lines = this.buffered.toString('latin1', 0, end).split('\r\n');
    this.consume(end + HEAD_END.length);
    const status = STATUS_LINE.exec(lines[0]);
    if (!status) throw new Http1ProtocolError(`status line "${lines[0].slice(0, 80)}"`);
    const code = Number(status[2]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Http1ProtocolError(`header line "${line.slice(0, 80)}"`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers.get(name);
      headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
    }
    // Interim answers (100 Continue, 103 Early Hints) precede the real one; 101 would switch protocols, which this client never asks for.
    if (code >= 100 && code < 200) {
      if (code === 101) throw new Http1ProtocolError('101 Switching Protocols, never asked for');
      return true;
    }
    this.frame(status[1] === '1', code, headers);
    this.handler.head({ status: code, headers });
    return true;
  }

  private frame(http11: boolean, status: number, headers: Map<string, string>): void {
    const connection = headers.get('connection')?.toLowerCase() ?? '';
    this.keepAlive = http11 ? !connection.includes('close') : connection.includes('keep-alive');
    const timeout = /timeout=(\d+)/i.exec(headers.get('keep-alive') ?? '');
    this.idleTimeoutMs = timeout ? Number(timeout[1]) * 1000 : undefined;
    const coding = headers.get('transfer-encoding');
    const length = headers.get('content-length');
    if (status === 204 || status === 304) this.state = 'done';
    else if (coding !== undefined) {
      if (!/(^|,)\s*chunked\s*$/i.test(coding)) throw new Http1ProtocolError(`transfer-encoding "${coding}" without chunked last`);
      this.state = 'chunk-size';
    } else if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw new Http1ProtocolError(`content-length "${length}"`);
      this.remaining = Number(length);
      this.state = this.remaining === 0 ? 'done' : 'length';
    } else {
      this.state = 'until-close';
      this.keepAlive = false;
    }
  }

  private readBody(): boolean {
    if (this.buffered.length === 0) return false;
    const piece = this.take(Math.min(this.remaining, this.buffered.length));
    this.remaining -= piece.length;
    this.handler.data(piece);
    if (this.remaining === 0) this.state = this.state === 'length' ? 'done' : 'chunk-end';
    return true;
  }

  private readChunkSize(): boolean {
    const end = this.buffered.indexOf(CRLF);
    if (end < 0) {
      if (this.buffered.length > MAX_HEAD_BYTES) throw new Http1ProtocolError('a chunk-size line without end');
      return false;
    }
    // Chunk extensions (";name=value") carry nothing this client uses.
    const text = this.buffered.toString('latin1', 0, end).split(';')[0].trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(text)) throw new Http1ProtocolError(`chunk size "${text.slice(0, 20)}"`);
    this.consume(end + CRLF.length);
    this.remaining = parseInt(text, 16);
    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
    return true;
  }

  private readTrailerLine(): boolean {
    const end = this.buffered.indexOf(CRLF);
    if (end < 0) return false;
    this.consume(end + CRLF.length);
    if (end === 0) this.state = 'done';
    return true;
  }

  private take(count: number): Buffer {
    const piece = this.buffered.subarray(0, count);
    this.consume(count);
    return piece;
  }

  private consume(count: number): void {
    this.buffered = count >= this.buffered.length ? EMPTY : this.buffered.subarray(count);
  }
}
