import type { RouteConfig } from '@switchyard/config';
import { ids, policyInput, testCandidate, testClassification, testJob } from '../spec-fixtures';
import { createPolicy } from './registry';

const route = {
  policy: 'rules',
  rules: [
    { when: { taskType: ['code', 'math'] }, models: ['large', 'mid'] },
    { when: { domain: ['medicine'] }, models: ['med-expert'] },
    { when: { metadata: { tier: 'free' } }, models: ['small'] },
    { when: { modality: ['image'] }, models: ['large'] },
  ],
  fallbackPolicy: 'lowest-latency',
} as RouteConfig;
const policy = () => createPolicy('rules', { routeName: 'experts', route, models: [], hasQualityPredictor: false });

describe('rules policy', () => {
  const eligible = [
    testCandidate('small', 0, { latencyMs: 100 }),
    testCandidate('mid', 1, { latencyMs: 300 }),
    testCandidate('large', 2, { latencyMs: 600 }),
    testCandidate('med-expert', 3, { latencyMs: 400 }),
  ];
  const jobWith = (fields: Parameters<typeof testClassification>[0], extra: Parameters<typeof testJob>[0] = {}) =>
    testJob({ classification: testClassification(fields), ...extra });

  it('sends a job to the models of the first rule its labels match, in the rule order', () => {
    const ranking = policy().rank(policyInput(eligible, {}, jobWith({ taskType: 'math' })));
    expect(ids(ranking.ranked).slice(0, 2)).toEqual(['large', 'mid']);
    expect(ranking.strategy).toBe('rules');
    expect(ranking.reason).toContain('rule 1 matched');
  });

  it('routes by domain to the expert model', () => {
    expect(policy().rank(policyInput(eligible, {}, jobWith({ domain: 'medicine' }))).ranked[0].id).toBe('med-expert');
  });

  it('matches metadata against the job metadata and the classifier labels', () => {
    expect(policy().rank(policyInput(eligible, {}, jobWith({ taskType: 'chat' }, { metadata: { tier: 'free' } }))).ranked[0].id).toBe('small');
    expect(policy().rank(policyInput(eligible, {}, jobWith({ taskType: 'chat', labels: { tier: 'free' } }))).ranked[0].id).toBe('small');
  });

  it('matches a modality condition against the job inputs', () => {
    const job = jobWith({ taskType: 'chat', modalities: ['text', 'image'] });
    expect(policy().rank(policyInput(eligible, {}, job)).ranked[0].id).toBe('large');
  });

  it('ranks the other eligible models after the rule models by the fallback policy', () => {
    expect(ids(policy().rank(policyInput(eligible, {}, jobWith({ taskType: 'code' }))).ranked)).toEqual(['large', 'mid', 'small', 'med-expert']);
  });

  it('uses the fallback policy when no rule matches', () => {
    const ranking = policy().rank(policyInput(eligible, {}, jobWith({ taskType: 'chat' })));
    expect(ranking.ranked[0].id).toBe('small');
    expect(ranking.strategy).toBe('lowest-latency');
    expect(ranking.reason).toMatch(/^rules: no rule matched; lowest-latency:/);
  });

  it('uses the fallback policy when the matched rule has no eligible model', () => {
    const ranking = policy().rank(policyInput(eligible.filter((c) => c.id !== 'med-expert'), {}, jobWith({ domain: 'medicine' })));
    expect(ranking.reason).toContain('rule 2 matched but none of its models is eligible');
    expect(ranking.ranked[0].id).toBe('small');
  });

  it('refuses a rules route whose fallback is rules', () => {
    expect(() => createPolicy('rules', { routeName: 'loop', route: { ...route, fallbackPolicy: 'rules' }, models: [], hasQualityPredictor: false })).toThrow(
      /routing\.routes\.loop\.fallbackPolicy/,
    );
  });
});
