import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Forks a bench program (run by tsx). `ready` resolves with its first IPC message, which a program
 * sends once it can work (a relay hop's "ready", a server's `{port}`), and rejects if it exits first.
 */
export function forkProgram<T>(file: string, env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<T> } {
  const child = fork(file, [], { execArgv: ['--import', 'tsx'], env });
  const ready = new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${file} exited with code ${code} before it was ready`)));
  });
  return { child, ready };
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
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

/**
 * The forked side of forkProgram for an HTTP server: listens on a free loopback port, tells the parent
 * `{port}`, and stops on SIGTERM or when the parent is gone (killed without stopping its children).
 */
export function serveToParent(server: Server): void {
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}
