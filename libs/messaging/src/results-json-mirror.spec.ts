import { resultCodec } from '@switchyard/contracts';
import { HEADERS } from './headers';
import { topicNames } from './topics';
import { withResultsJsonMirror } from './results-json-mirror';

const topics = topicNames('t.');

describe('withResultsJsonMirror', () => {
  it('follows each result with its proto3 JSON on the mirror topic and leaves other records alone', () => {
    const result = { topic: topics.results, key: 'j1', value: resultCodec.encode({ jobId: 'j1', output: 'four', completedUnixMs: 1_764_000_000_000 }), headers: { [HEADERS.jobId]: 'j1' } };
    const handOff = { topic: topics.pool('large-a'), key: 'k', value: Buffer.from('job'), headers: {} };
    const records = withResultsJsonMirror([result, handOff], topics);

    expect(records.map((r) => r.topic)).toEqual([topics.results, topics.resultsJson, topics.pool('large-a')]);
    expect(records[1].key).toBe('j1');
    expect(records[1].headers).toEqual({ [HEADERS.jobId]: 'j1', [HEADERS.contentType]: 'application/json' });
    expect(JSON.parse(records[1].value.toString('utf8'))).toEqual({ jobId: 'j1', output: 'four', completedUnixMs: '1764000000000' });
  });
});
