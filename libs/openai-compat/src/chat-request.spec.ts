import { ApiError } from './api-error';
import { parseChatCall } from './chat-request';

const user = (content: unknown) => ({ role: 'user', content });

function refusal(body: unknown, headers = {}): ApiError {
  try {
    parseChatCall(body, headers);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('parseChatCall accepted the body');
}

describe('parseChatCall', () => {
  it('reads a minimal body as one unary call with no preferences', () => {
    const call = parseChatCall({ model: 'small-fast', messages: [user('hi')] }, {});
    expect(call).toEqual({ model: 'small-fast', messages: [{ role: 'user', content: 'hi' }], images: [], stream: false, includeUsage: false, metadata: {}, affinityKey: undefined });
  });

  it('turns developer turns into system turns and joins text parts', () => {
    const call = parseChatCall({ model: 'm', messages: [{ role: 'developer', content: 'be brief' }, user([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }])] }, {});
    expect(call.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'a\nb' },
    ]);
  });

  it('takes image parts as images: a data: URL as bytes, an http URL as a URI', () => {
    const png = Buffer.from('not really a png').toString('base64');
    const call = parseChatCall(
      { model: 'm', messages: [user([{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }, { type: 'image_url', image_url: { url: 'https://example.com/cat.JPG?size=2' } }])] },
      {},
    );
    expect(call.images).toEqual([
      { mimeType: 'image/png', data: Buffer.from('not really a png') },
      { mimeType: 'image/jpeg', uri: 'https://example.com/cat.JPG?size=2' },
    ]);
    expect(call.messages[0].content).toBe('what is this');
  });

  it('reads stream, include_usage, the token cap and metadata', () => {
    const call = parseChatCall({ model: 'm', messages: [user('x')], stream: true, stream_options: { include_usage: true }, max_completion_tokens: 64, metadata: { team: 'a' } }, {});
    expect(call).toMatchObject({ stream: true, includeUsage: true, maxOutputTokens: 64, metadata: { team: 'a' } });
    expect(parseChatCall({ model: 'm', messages: [user('x')], max_tokens: 32 }, {}).maxOutputTokens).toBe(32);
  });

  it('uses prompt_cache_key, then user, as the affinity key unless Switchyard is given one', () => {
    expect(parseChatCall({ model: 'm', messages: [user('x')], user: 'u1' }, {}).affinityKey).toBe('u1');
    expect(parseChatCall({ model: 'm', messages: [user('x')], user: 'u1', prompt_cache_key: 'k' }, {}).affinityKey).toBe('k');
    expect(parseChatCall({ model: 'm', messages: [user('x')], user: 'u1' }, { 'x-switchyard-affinity-key': 'session-9' }).affinityKey).toBe('session-9');
  });

  it('accepts sampling parameters it does not forward', () => {
    expect(() => parseChatCall({ model: 'm', messages: [user('x')], temperature: 0.2, top_p: 1, seed: 3, stop: ['\n'] }, {})).not.toThrow();
  });

  it.each([
    [{ messages: [user('x')] }, 'model'],
    [{ model: 'm' }, 'messages'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages: [user('x'), { role: 'tool', content: 'r' }] }, 'messages[1].role'],
    [{ model: 'm', messages: [user([{ type: 'text', text: 'a' }, { type: 'input_audio' }])] }, 'messages[0].content[1].type'],
    [{ model: 'm', messages: [user([{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }])] }, 'messages[0].content[0].image_url.url'],
    [{ model: 'm', messages: [user(42)] }, 'messages[0].content'],
    [{ model: 'm', messages: [user('x')], max_tokens: 0 }, 'max_tokens'],
    [{ model: 'm', messages: [user('x')], stream: 'yes' }, 'stream'],
    [{ model: 'm', messages: [user('x')], stream_options: { include_usage: true } }, 'stream_options'],
    [{ model: 'm', messages: [user('x')], metadata: { n: 1 } }, 'metadata.n'],
    [{ model: 'm', messages: [user('x')], temprature: 1 }, 'temprature'],
  ])('refuses %j with 400 naming %s', (body, param) => {
    const error = refusal(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message.startsWith(`${param}: `)).toBe(true);
  });

  it.each([
    ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }],
    ['n', { n: 2 }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['logprobs', { logprobs: true }],
    ['audio', { audio: { voice: 'alloy', format: 'wav' } }],
  ])('refuses %s, which the backends cannot honour, instead of dropping it', (param, extra) => {
    const error = refusal({ model: 'm', messages: [user('x')], ...extra });
    expect(error).toMatchObject({ status: 400, param, code: 'unsupported_parameter' });
  });

  it('refuses a body that is not an object', () => {
    expect(refusal([1, 2])).toMatchObject({ status: 400, param: 'body' });
  });
});
