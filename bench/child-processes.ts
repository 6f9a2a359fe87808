import { fork, type ChildProcess } from 'node:child_process';

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
