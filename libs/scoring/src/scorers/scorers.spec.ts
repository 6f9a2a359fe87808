import type { ScoringInput } from '../scorer';
import { jsonScorer } from './json-scorer';
import { nonemptyScorer, TRUNCATED_QUALITY_CAP } from './nonempty-scorer';
import { referenceScorer } from './reference-scorer';
import { regexScorer } from './regex-scorer';

const input = (output: string, reference: Partial<NonNullable<ScoringInput['reference']>> | null = null, extra: Partial<ScoringInput> = {}): ScoringInput => ({
  output,
  finishReason: 'stop',
  reference: reference ? { text: '', regex: '', jsonSchema: '', ...reference } : null,
  metadata: {},
  taskType: 'factual_qa',
  ...extra,
});

describe('reference scorer', () => {
  const scorer = referenceScorer();

  it('does not apply without a reference text', () => {
    expect(scorer.score(input('Paris'))).toBeNull();
    expect(scorer.score(input('Paris', { regex: 'Paris' }))).toBeNull();
  });

  it('scores 1 for an answer equal to the reference once normalised, 0 for another', () => {
    expect(scorer.score(input(' paris. ', { text: 'Paris' }))?.quality).toBe(1);
    expect(scorer.score(input('Lyon', { text: 'Paris' }))?.quality).toBe(0);
  });

  it('compares the final choice letter for a multiple-choice reference', () => {
    expect(scorer.score(input('Option B fits because ... The answer is B.', { text: 'B' }))?.quality).toBe(1);
    expect(scorer.score(input('The answer is C', { text: 'B' }))).toEqual({ quality: 0, detail: 'final choice C, reference B' });
  });

  it('compares the final number for a numeric reference', () => {
    expect(scorer.score(input('She pays 3 * 400 = 1,200 dollars.\n#### 1200', { text: '1200' }))?.quality).toBe(1);
    expect(scorer.score(input('#### 1100', { text: '1200' }))?.quality).toBe(0);
  });

  it('does not give credit for a free-text answer that only contains the reference', () => {
    expect(scorer.score(input('Not Paris, I believe', { text: 'Paris' }))?.quality).toBe(0);
  });
});

describe('regex scorer', () => {
  const scorer = regexScorer();

  it('scores whether the regex matches the answer', () => {
    expect(scorer.score(input('The capital is Paris', { regex: 'Paris$' }))?.quality).toBe(1);
    expect(scorer.score(input('The capital is Lyon', { regex: 'Paris$' }))?.quality).toBe(0);
  });

  it('accepts /pattern/flags literals', () => {
    expect(scorer.score(input('PARIS', { regex: '/^paris$/i' }))?.quality).toBe(1);
  });

  it('does not apply without a regex or with one that does not compile', () => {
    expect(scorer.score(input('x'))).toBeNull();
    expect(scorer.score(input('x', { regex: '(' }))).toBeNull();
  });
});

describe('json scorer', () => {
  const scorer = jsonScorer();
  const schema = JSON.stringify({ type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } } });

  it('does not apply unless a schema or a JSON response format is asked for', () => {
    expect(scorer.score(input('{"a":1}'))).toBeNull();
  });

  it('checks that the answer parses when metadata asks for JSON', () => {
    const json = { metadata: { response_format: 'json' } };
    expect(scorer.score(input('{"a":1}', null, json))?.quality).toBe(1);
    expect(scorer.score(input('{a:1}', null, json))).toEqual({ quality: 0, detail: 'not JSON' });
  });

  it('validates the answer against the reference schema, reading a fenced block', () => {
    expect(scorer.score(input('```json\n{"name":"Ada","age":36}\n```', { jsonSchema: schema }))?.quality).toBe(1);
    const bad = scorer.score(input('{"name":"Ada","age":-1}', { jsonSchema: schema }));
    expect(bad?.quality).toBe(0);
    expect(bad?.detail).toContain('/age');
  });

  it('understands draft 2020-12 schemas', () => {
    const draft2020 = JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }] });
    expect(scorer.score(input('[1]', { jsonSchema: draft2020 }))?.quality).toBe(1);
    expect(scorer.score(input('["x"]', { jsonSchema: draft2020 }))?.quality).toBe(0);
  });

  it('falls back to the parse check when the reference schema does not compile', () => {
    const verdict = scorer.score(input('{"a":1}', { jsonSchema: '{"type": 12}' }));
    expect(verdict?.quality).toBe(1);
    expect(verdict?.detail).toContain('does not compile');
  });
});

describe('nonempty scorer', () => {
  const scorer = nonemptyScorer();

  it('scores an empty or failed answer 0 and a complete one 1', () => {
    expect(scorer.score(input('  \n'))?.quality).toBe(0);
    expect(scorer.score(input('partial', null, { finishReason: 'error' }))?.quality).toBe(0);
    expect(scorer.score(input('fine'))?.quality).toBe(1);
  });

  it('caps an answer truncated by the token limit', () => {
    expect(scorer.score(input('a long answer that was cut', null, { finishReason: 'length' }))?.quality).toBe(TRUNCATED_QUALITY_CAP);
  });
});
