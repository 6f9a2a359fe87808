import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError, parseLabelledJsonl, readLabelledJsonl } from './labelled-examples';

describe('parseLabelledJsonl', () => {
  it('reads nested and top-level labels and skips blank lines', () => {
    const examples = parseLabelledJsonl('{"text":"a","labels":{"task_type":"code","tenant_tier":"gold"}}\n\n{"prompt":"b","domain":"law"}\n');
    expect(examples).toEqual([
      { text: 'a', labels: { task_type: 'code', tenant_tier: 'gold' } },
      { text: 'b', labels: { domain: 'law' } },
    ]);
  });

  it('names the line of malformed JSON', () => {
    expect(() => parseLabelledJsonl('{"text":"a","task_type":"code"}\n{oops}', 'data.jsonl')).toThrow(/^data\.jsonl:2: is not valid JSON/);
  });

  it('rejects a line without labels, naming the accepted forms', () => {
    expect(() => parseLabelledJsonl('{"text":"a"}', 'd')).toThrow(/d:1: has no labels/);
  });

  it('rejects a line without text and a non-string label', () => {
    expect(() => parseLabelledJsonl('{"labels":{"task_type":"code"}}')).toThrow(/:1: needs a non-empty string "text"/);
    expect(() => parseLabelledJsonl('{"text":"a","labels":{"task_type":3}}')).toThrow(/label "task_type" must be a non-empty string/);
  });

  it('rejects an empty file', () => {
    expect(() => parseLabelledJsonl('\n\n', 'empty.jsonl')).toThrow(/empty\.jsonl: holds no examples/);
  });
});

describe('readLabelledJsonl', () => {
  it('reports a missing file as a DatasetError naming the path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'labelled-')), 'absent.jsonl');
    await expect(readLabelledJsonl(path)).rejects.toThrow(DatasetError);
    await expect(readLabelledJsonl(path)).rejects.toThrow(`${path}: no such file`);
  });

  it('reads a file from disk', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'labelled-')), 'ok.jsonl');
    writeFileSync(path, '{"text":"hello","task_type":"chat"}\n');
    expect(await readLabelledJsonl(path)).toEqual([{ text: 'hello', labels: { task_type: 'chat' } }]);
  });
});
