import { resultCodec } from '@switchyard/contracts';
import { ApiError } from './api-error';
import { CompletionChunks, SSE_DONE } from './completion-chunks';

/** The JSON of each `data:` event in a stream's text, `[DONE]` as the string. */
function events(text: string): unknown[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

const result = resultCodec.decode(resultCodec.encode({ jobId: 'j1', model: 'small-fast', output: 'Hello', finishReason: 'stop', usage: { inputTokens: 7, outputTokens: 2 } }));

describe('CompletionChunks', () => {
  it('streams role, tokens, finish reason and [DONE] in OpenAI order with the same id throughout', () => {
    const chunks = new CompletionChunks('j1', 1_700_000_000, false);
    const stream = events(chunks.role('small-fast') + chunks.token('small-fast', 'Hel') + chunks.token('small-fast', 'lo "x"\n') + chunks.finish(result));
    expect(stream).toEqual([
      { id: 'chatcmpl-j1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'small-fast', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] },
      { id: 'chatcmpl-j1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'small-fast', choices: [{ index: 0, delta: { content: 'Hel' }, logprobs: null, finish_reason: null }] },
      { id: 'chatcmpl-j1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'small-fast', choices: [{ index: 0, delta: { content: 'lo "x"\n' }, logprobs: null, finish_reason: null }] },
      { id: 'chatcmpl-j1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'small-fast', choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] },
      '[DONE]',
    ]);
  });

  it('with include_usage, puts usage null on every chunk and the usage in a last chunk with no choices', () => {
    const chunks = new CompletionChunks('j1', 1, true);
    const stream = events(chunks.role('small-fast') + chunks.token('small-fast', 'Hello') + chunks.finish(result));
    expect(stream.slice(0, 3).map((c) => (c as { usage: unknown }).usage)).toEqual([null, null, null]);
    expect(stream[3]).toEqual({ id: 'chatcmpl-j1', object: 'chat.completion.chunk', created: 1, model: 'small-fast', choices: [], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } });
    expect(stream[4]).toBe('[DONE]');
  });

  it('ends a stream that failed after its first token with an error event and no [DONE]', () => {
    const chunks = new CompletionChunks('j1', 1, false);
    const text = chunks.error(new ApiError(502, 'server_error', 'upstream_failed', 'small-fast failed after 3 tokens'));
    expect(events(text)).toEqual([{ error: { message: 'small-fast failed after 3 tokens', type: 'server_error', param: null, code: 'upstream_failed' } }]);
    expect(text).not.toContain(SSE_DONE);
  });
});
