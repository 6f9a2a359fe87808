import { describeModalities, jobFacts, modalityMask, predictCostUsd, priorQuality } from './job-facts';
import { testClassification, testJob, testModel } from './spec-fixtures';

describe('job facts', () => {
  it('unites classifier modalities, attachment MIME types and text', () => {
    const job = testJob({
      classification: testClassification({ modalities: ['text'] }),
      attachments: [{ mimeType: 'audio/mpeg', data: Buffer.alloc(0), uri: '', name: '' }],
    });
    expect(describeModalities(jobFacts(job, undefined).modalities)).toBe('text, audio');
    const imageOnly = testJob({ prompt: '', classification: null, attachments: [{ mimeType: 'image/jpeg', data: Buffer.alloc(0), uri: '', name: '' }] });
    expect(describeModalities(jobFacts(imageOnly, undefined).modalities)).toBe('image');
  });

  it('estimates input tokens at four characters each over all messages when unclassified', () => {
    const job = testJob({ classification: null, messages: [{ role: 'user', content: 'a'.repeat(10) }, { role: 'user', content: 'b'.repeat(9) }] });
    expect(jobFacts(job, undefined).inputTokens).toBe(5);
    expect(jobFacts({ ...job, maxOutputTokens: 100 }, undefined).contextTokens).toBe(105);
  });

  it('uses the affinity key, else the tenant, as the pool key', () => {
    expect(jobFacts(testJob({ affinityKey: 's1' }), undefined).affinityKey).toBe('s1');
    expect(jobFacts(testJob({ tenant: 'acme' }), undefined).affinityKey).toBe('acme');
  });

  it('prices input and expected output per million tokens, capping output at the job maximum', () => {
    const model = testModel('m', { pricing: { inputUsdPerMTok: 2, outputUsdPerMTok: 10 }, expectedOutputTokens: 500 });
    expect(predictCostUsd(model, 1_000, 0)).toBeCloseTo((1_000 * 2 + 500 * 10) / 1e6);
    expect(predictCostUsd(model, 1_000, 100)).toBeCloseTo((1_000 * 2 + 100 * 10) / 1e6);
  });

  it('takes the task prior, else the default prior', () => {
    const model = testModel('m', { qualityPrior: { default: 0.6, code: 0.9 } });
    expect(priorQuality(model, 'code')).toBe(0.9);
    expect(priorQuality(model, 'chat')).toBe(0.6);
  });

  it('ignores modality names it does not know', () => {
    expect(modalityMask(['text', 'smell'])).toBe(modalityMask(['text']));
  });
});
