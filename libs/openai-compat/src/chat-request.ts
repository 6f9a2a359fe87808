// Request body: https://platform.openai.com/docs/api-reference/chat/create
import { invalidField } from './api-error';
import { parsePreferences, type CallerPreferences, type HeaderBag } from './preferences';

/** One chat turn as the gateway takes it; `developer` turns arrive as `system`. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** An image from an `image_url` content part: inline bytes from a data: URL, else the URL the provider fetches. */
export interface ChatImage {
  mimeType: string;
  data?: Uint8Array;
  uri?: string;
}

/** A validated `POST /v1/chat/completions` call, before the gateway sees it. */
export interface ChatCall extends CallerPreferences {
  /** A model id or a route name; the caller of `parseChatCall` resolves which. */
  model: string;
  messages: ChatTurn[];
  images: ChatImage[];
  stream: boolean;
  /** `stream_options.include_usage`: the last chunk carries the usage. */
  includeUsage: boolean;
  maxOutputTokens?: number;
  metadata: Record<string, string>;
}

/**
 * Parameters the OpenAI API takes that Switchyard accepts and does not forward: the backends are called
 * with messages and a token cap only, and sampling settings do not change which answer is valid.
 */
const IGNORED = new Set([
  'temperature',
  'top_p',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'seed',
  'store',
  'parallel_tool_calls',
  'service_tier',
  'reasoning_effort',
  'top_logprobs',
  'verbosity',
  'safety_identifier',
]);
const HANDLED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'metadata',
  'user',
  'prompt_cache_key',
  'logprobs',
  'response_format',
  'tools',
  'tool_choice',
  'functions',
  'function_call',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'switchyard',
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a chat completion body and Switchyard's headers into a ChatCall.
 * Throws a 400 ApiError naming the first wrong field; a feature the backends cannot honour
 * (tools, n > 1, JSON mode, audio) is refused rather than silently dropped.
 */
export function parseChatCall(body: unknown, headers: HeaderBag): ChatCall {
  if (!isObject(body)) throw invalidField('body', 'must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!HANDLED.has(key) && !IGNORED.has(key)) throw invalidField(key, 'is not a parameter of this API', 'unknown_parameter');
  }
  refuseUnsupported(body);
  if (typeof body.model !== 'string' || body.model === '') throw invalidField('model', 'is required: a model id or a route name (GET /v1/models lists both)');
  const { messages, images } = parseMessages(body.messages);
  const stream = optionalBoolean(body, 'stream') ?? false;
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!stream) throw invalidField('stream_options', 'is only allowed when stream is true');
    if (!isObject(streamOptions)) throw invalidField('stream_options', 'must be an object');
  }
  const includeUsage = isObject(streamOptions) ? (optionalBoolean(streamOptions, 'include_usage', 'stream_options.') ?? false) : false;
  const maxOutputTokens = optionalPositiveInt(body, 'max_completion_tokens') ?? optionalPositiveInt(body, 'max_tokens');
  const preferences = parsePreferences(headers, body.switchyard);
  return {
    model: body.model,
    messages,
    images,
    stream,
    includeUsage,
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    metadata: parseMetadata(body.metadata),
    ...preferences,
    // OpenAI's cache key and end-user id are what affinity is for: related calls on a warm pool.
    affinityKey: preferences.affinityKey ?? optionalString(body, 'prompt_cache_key') ?? optionalString(body, 'user'),
  };
}

function refuseUnsupported(body: Json): void {
  const unsupported = (param: string, why: string) => invalidField(param, `is not supported: ${why}`, 'unsupported_parameter');
  if (Array.isArray(body.tools) && body.tools.length > 0) throw unsupported('tools', 'tool calls are not routed');
  if (body.functions !== undefined && body.functions !== null) throw unsupported('functions', 'tool calls are not routed');
  if (body.tool_choice !== undefined && body.tool_choice !== null && body.tool_choice !== 'none') throw unsupported('tool_choice', 'tool calls are not routed');
  if (body.function_call !== undefined && body.function_call !== null && body.function_call !== 'none') throw unsupported('function_call', 'tool calls are not routed');
  if (body.n !== undefined && body.n !== null && body.n !== 1) throw unsupported('n', 'one choice per call');
  if (body.logprobs === true) throw unsupported('logprobs', 'the backends do not return them');
  if (body.audio !== undefined && body.audio !== null) throw unsupported('audio', 'text output only');
  if (Array.isArray(body.modalities) && body.modalities.some((m) => m !== 'text')) throw unsupported('modalities', 'text output only');
  if (body.prediction !== undefined && body.prediction !== null) throw unsupported('prediction', 'predicted outputs are not forwarded');
  if (body.web_search_options !== undefined && body.web_search_options !== null) throw unsupported('web_search_options', 'web search is not forwarded');
  const format = body.response_format;
  if (format !== undefined && format !== null && !(isObject(format) && format.type === 'text')) {
    throw unsupported('response_format', 'only {"type": "text"}; JSON modes are not forwarded to the backends');
  }
}

function parseMessages(value: unknown): { messages: ChatTurn[]; images: ChatImage[] } {
  if (!Array.isArray(value) || value.length === 0) throw invalidField('messages', 'is required: a non-empty array of messages');
  const images: ChatImage[] = [];
  const messages = value.map((message, i): ChatTurn => {
    const at = `messages[${i}]`;
    if (!isObject(message)) throw invalidField(at, 'must be an object');
    const role = message.role === 'developer' ? 'system' : message.role;
    if (role !== 'system' && role !== 'user' && role !== 'assistant') {
      throw invalidField(`${at}.role`, `must be one of system, developer, user, assistant (got ${JSON.stringify(message.role)}; tool messages are not supported)`);
    }
    return { role, content: parseContent(message.content, `${at}.content`, images) };
  });
  return { messages, images };
}

/** A string, or content parts: text parts are joined, image parts become images of the call. */
function parseContent(content: unknown, at: string, images: ChatImage[]): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalidField(at, 'must be a string or an array of content parts');
  const texts: string[] = [];
  content.forEach((part, j) => {
    const partAt = `${at}[${j}]`;
    if (!isObject(part)) throw invalidField(partAt, 'must be an object');
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw invalidField(`${partAt}.text`, 'must be a string');
      texts.push(part.text);
    } else if (part.type === 'image_url') {
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string' || url === '') throw invalidField(`${partAt}.image_url.url`, 'must be a URL or a data: URL');
      images.push(imageFrom(url, `${partAt}.image_url.url`));
    } else {
      throw invalidField(`${partAt}.type`, `must be "text" or "image_url" (got ${JSON.stringify(part.type)})`);
    }
  });
  return texts.join('\n');
}

const DATA_URL = /^data:([a-z]+\/[\w.+-]+);base64,(.*)$/is;
const IMAGE_EXTENSIONS: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

function imageFrom(url: string, at: string): ChatImage {
  const inline = DATA_URL.exec(url);
  if (inline) return { mimeType: inline[1].toLowerCase(), data: Buffer.from(inline[2], 'base64') };
  if (url.startsWith('data:')) throw invalidField(at, 'a data: URL must be data:<mime type>;base64,<data>');
  if (!/^https?:\/\//i.test(url)) throw invalidField(at, 'must be an http(s) URL or a data: URL');
  const extension = /\.([a-z]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  // The modality constraint only needs "image/"; the provider reads the real type when it fetches.
  return { mimeType: (extension && IMAGE_EXTENSIONS[extension]) ?? 'image/*', uri: url };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalidField('metadata', 'must be an object of string values');
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalidField(`metadata.${key}`, 'must be a string');
  }
  return value as Record<string, string>;
}

function optionalBoolean(body: Json, key: string, prefix = ''): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(`${prefix}${key}`, 'must be true or false');
  return value;
}

function optionalPositiveInt(body: Json, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) <= 0) throw invalidField(key, 'must be a positive integer');
  return value as number;
}

function optionalString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidField(key, 'must be a string');
  return value;
}
