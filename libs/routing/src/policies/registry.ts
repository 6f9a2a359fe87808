import type { RoutePolicyName } from '@switchyard/config';
import { createCascadePolicy } from './cascade';
import { createConsistentHashPolicy } from './consistent-hash';
import { createLearnedPolicy } from './learned';
import { createLeastLoadedPolicy } from './least-loaded';
import { createLowestLatencyPolicy } from './lowest-latency';
import type { PolicySetup, RoutingPolicy } from './policy';
import { createPowerOfTwoPolicy } from './power-of-two';
import { createPriorityPolicy } from './priority';
import { createRandomPolicy } from './random';
import { createRoundRobinPolicy } from './round-robin';
import { createRulesPolicy } from './rules';
import { createUtilityPolicy } from './utility';
import { createWeightedPolicy } from './weighted';

/** Rules routes without a `fallbackPolicy` fall back to utility: the job's own preferences decide. */
const DEFAULT_RULES_FALLBACK: RoutePolicyName = 'utility';

/** Builds the policy a route names; throws when a rules route falls back to rules. */
export function createPolicy(name: RoutePolicyName, setup: PolicySetup): RoutingPolicy {
  switch (name) {
    case 'round-robin':
      return createRoundRobinPolicy();
    case 'random':
      return createRandomPolicy();
    case 'weighted':
      return createWeightedPolicy(setup);
    case 'least-loaded':
      return createLeastLoadedPolicy();
    case 'lowest-latency':
      return createLowestLatencyPolicy();
    case 'power-of-two':
      return createPowerOfTwoPolicy();
    case 'priority':
      return createPriorityPolicy(setup);
    case 'consistent-hash':
      return createConsistentHashPolicy(setup);
    case 'utility':
      return createUtilityPolicy(setup);
    case 'cascade':
      return createCascadePolicy(setup);
    case 'learned':
      return createLearnedPolicy(setup);
    case 'rules': {
      const fallbackName = setup.route.fallbackPolicy ?? DEFAULT_RULES_FALLBACK;
      if (fallbackName === 'rules') throw new Error(`routing.routes.${setup.routeName}.fallbackPolicy: cannot be "rules" (it would never end)`);
      return createRulesPolicy(setup, createPolicy(fallbackName, setup));
    }
  }
}
