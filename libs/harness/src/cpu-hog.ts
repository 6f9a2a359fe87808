import { spawn } from 'node:child_process';

/**
 * Starts `count` processes that spin a core each, beside a run, as other
 * tenants of a shared machine do; the returned function stops them (by
 * their own pids).
 */
export function startCpuHogs(count: number): () => void {
  const hogs = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => {
    for (const hog of hogs) hog.kill('SIGKILL');
  };
}
