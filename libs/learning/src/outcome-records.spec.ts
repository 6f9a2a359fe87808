import { parseOutcomes, splitById } from './outcome-records';

describe('splitById', () => {
  it('puts the same ids on the same side as every earlier release, so reported figures stay comparable', () => {
    const ids = Array.from({ length: 12 }, (_, i) => ({ id: `prompt-${i}` }));
    expect(splitById(ids, 0.3, 20240601).heldOut.map((r) => r.id)).toEqual(['prompt-0', 'prompt-5', 'prompt-8']);
  });
});

describe('parseOutcomes', () => {
  it('names the line of a record whose outcomes are not true/false', () => {
    expect(() => parseOutcomes('{"prompt":"p","outcomes":{"a":true}}\n{"prompt":"q","outcomes":{"a":1}}', 'f.jsonl')).toThrow(/f\.jsonl:2: "outcomes"/);
  });
});
