import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RelayHopRunner } from './raw-throughput';

/**
 * Runs each relay hop in a process of its own, as the pipeline runs each
 * service, so the relay measures what the guarantee costs in the pipeline's
 * own topology (one Kafka client and event loop per hop, sharing the cores).
 */
export function relayHopsInProcesses(brokers: string[]): RelayHopRunner {
  return async (hops) => {
    const children = hops.map((hop) => fork(path.join(__dirname, 'relay-hop.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, RELAY_HOP: JSON.stringify(hop), KAFKA_BROKERS: brokers.join(',') } }));
    const stopAll = () => Promise.all(children.map(stopChild)).then(() => undefined);
    try {
      await Promise.all(children.map(readyOrExit));
    } catch (err) {
      await stopAll();
      throw err;
    }
    return { stop: stopAll };
  };
}

function readyOrExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`relay hop exited with code ${code} before it was ready`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
