import type { RouteConfig } from '@switchyard/config';
import { policyInput, testCandidate, testJob } from '../spec-fixtures';
import { createConsistentHashPolicy } from './consistent-hash';

const policy = (hashKey: string) =>
  createConsistentHashPolicy({ routeName: 'r', route: { policy: 'consistent-hash', hashKey } as RouteConfig, models: [], hasQualityPredictor: false });

describe('consistent-hash policy', () => {
  const eligible = ['a', 'b', 'c', 'd', 'e'].map((id, i) => testCandidate(id, i));

  it('sends the same key to the same model every time', () => {
    const job = testJob({ affinityKey: 'session-42' });
    const first = policy('affinity').rank(policyInput(eligible, {}, job)).ranked[0].id;
    for (let i = 0; i < 5; i++) expect(policy('affinity').rank(policyInput(eligible, {}, job)).ranked[0].id).toBe(first);
  });

  it('moves only the keys of a model that leaves, each to its first fallback', () => {
    const before = new Map<string, string[]>();
    for (let k = 0; k < 500; k++) {
      const job = testJob({ affinityKey: `user-${k}` });
      before.set(job.affinityKey, policy('affinity').rank(policyInput(eligible, {}, job)).ranked.map((c) => c.id));
    }
    const withoutC = eligible.filter((c) => c.id !== 'c');
    for (const [key, ranking] of before) {
      const after = policy('affinity').rank(policyInput(withoutC, {}, testJob({ affinityKey: key }))).ranked[0].id;
      expect(after).toBe(ranking[0] === 'c' ? ranking[1] : ranking[0]);
    }
  });

  it('hashes on a metadata field when the route says so, and on the tenant when the field is missing', () => {
    const p = policy('metadata.session');
    const bySession = p.rank(policyInput(eligible, {}, testJob({ tenant: 't1', metadata: { session: 's-9' } }))).reason;
    expect(bySession).toContain('"s-9"');
    expect(p.rank(policyInput(eligible, {}, testJob({ tenant: 't1' }))).reason).toContain('"t1"');
  });

  it('spreads different keys over every model', () => {
    const chosen = new Set<string>();
    for (let k = 0; k < 200; k++) chosen.add(policy('id').rank(policyInput(eligible, {}, testJob({ id: `job-${k}` }))).ranked[0].id);
    expect(chosen.size).toBe(5);
  });
});
