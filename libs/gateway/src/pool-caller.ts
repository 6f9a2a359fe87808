import type { Completion } from '@switchyard/backends';
import type { Job } from '@switchyard/contracts';
import type { PoolTarget } from './attempt-plan';

/** One model call on one pool, on behalf of a synchronous request. */
export interface PoolCall {
  /** The job as the pool should see it: its decision names `target`, its attempt counts the tries before. */
  job: Job;
  target: PoolTarget;
  /** Aborted on cancel, deadline or timeout: the call must end promptly, and the backend must see the abort. */
  signal: AbortSignal;
  /** Present for streamed calls: each piece of text as it arrives. */
  onDelta?: (text: string) => void;
}

/**
 * A way to reach a pool's model: straight to its upstream from this process
 * (DirectPools) or through one of its workers (WorkerPools). Failures are
 * BackendErrors, so fallback treats both ways alike.
 */
export interface PoolCaller {
  call(call: PoolCall): Promise<Completion>;
  close(): Promise<void>;
}
