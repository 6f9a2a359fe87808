import path from 'node:path';
import type { RelayHopRunner } from './relay-floor';
import { forkProgram, stopChild } from './child-processes';

/**
 * Runs each relay hop in a process of its own, as the pipeline runs each
 * service, so the relay measures what the guarantee costs in the pipeline's
 * own topology (one Kafka client and event loop per hop, sharing the cores).
 */
export function relayHopsInProcesses(brokers: string[]): RelayHopRunner {
  return async (hops) => {
    const forked = hops.map((hop) => forkProgram(path.join(__dirname, 'relay-hop.ts'), { ...process.env, RELAY_HOP: JSON.stringify(hop), KAFKA_BROKERS: brokers.join(',') }));
    const stopAll = () => Promise.all(forked.map((f) => stopChild(f.child))).then(() => undefined);
    try {
      await Promise.all(forked.map((f) => f.ready));
    } catch (err) {
      await stopAll();
      throw err;
    }
    return { pids: forked.map((f) => f.child.pid ?? 0), stop: stopAll };
  };
}
