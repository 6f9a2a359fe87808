import type { Job } from '@switchyard/contracts';
import { hashString, rendezvousScore } from '../hashing/hash';
import type { JobFacts } from '../job-facts';
import { rankByScore, type PolicyInput, type PolicyRanking, type PolicySetup, type RoutingPolicy } from './policy';

const METADATA_PREFIX = 'metadata.';

/**
 * The job field the route hashes on: `affinity` (affinity key, else tenant),
 * `tenant`, `id`, or `metadata.<name>`; a missing metadata entry falls back to
 * the affinity key so such jobs still stick together per tenant.
 */
export function hashKeyOf(job: Job, facts: JobFacts, hashKey: string): string {
  switch (hashKey) {
    case 'affinity':
      return facts.affinityKey;
    case 'tenant':
      return job.tenant;
    case 'id':
      return job.id;
    default:
      return job.metadata[hashKey.slice(METADATA_PREFIX.length)] || facts.affinityKey;
  }
}

/**
 * Consistent hashing over models: rendezvous hashing of the route's hash key
 * over the eligible models, so a key keeps its model while the eligible set
 * is stable, and a model leaving moves only its own keys (to their second choice,
 * which is also the first fallback).
 */
export function createConsistentHashPolicy({ route }: PolicySetup): RoutingPolicy {
  const hashKey = route.hashKey;
  return {
    name: 'consistent-hash',
    rank({ job, facts, eligible }: PolicyInput): PolicyRanking {
      const key = hashKeyOf(job, facts, hashKey);
      const keyHash = hashString(key);
      for (const c of eligible) c.score = rendezvousScore(keyHash, c.seed) / 0x1_0000_0000;
      const ranked = rankByScore(eligible);
      return { ranked, reason: `consistent-hash: ${hashKey} key "${key}" maps to ${ranked[0].id}`, strategy: 'consistent-hash' };
    },
  };
}
