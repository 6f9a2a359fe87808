import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/** Repository root, so services start the same way from tests, the demo and the chaos harness. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface ServiceProcessOptions {
  /** Folder under services/, e.g. "model-worker". */
  service: string;
  /** Distinguishes replicas in logs, e.g. "model-worker-small-a-1". */
  instance: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/**
 * One service running as a child process (`node --import tsx`, one process,
 * so SIGKILL really kills the service). Logs go to a file per instance.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private exited?: Promise<number | null>;

  constructor(readonly options: ServiceProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) return;
    this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services', this.options.service, 'src/main.ts')], {
      cwd: REPO_ROOT,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  /**
   * The first JSON log line `match` accepts (e.g. the one naming a port the service bound as port 0),
   * asked for every 100 ms; rejects when the process exits first or `timeoutMs` passes, with the log's tail.
   */
  async waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const giveUp = Date.now() + timeoutMs;
    for (;;) {
      // The log stream opens its file asynchronously: no file yet is no line yet.
      const lines = existsSync(this.options.logFile) ? readFileSync(this.options.logFile, 'utf8').split('\n') : [];
      // The last piece is empty or a line still being written.
      for (const line of lines.slice(0, -1)) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (match(parsed)) return parsed;
      }
      if (!this.running || Date.now() > giveUp) {
        throw new Error(`${this.options.instance} ${this.running ? 'logged no matching line in time' : 'exited'}; its log ends:\n${lines.slice(-20).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends a signal and returns at once (SIGSTOP and SIGCONT pause and wake the service). */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    if (!this.running || !this.child) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    this.log?.end();
    return code ?? null;
  }
}
