import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parseArtifact } from './artifact';
import type { Classifier } from './classifier';
import { RulesClassifier } from './rules-classifier';
import { TrainedClassifier } from './trained-classifier';

/** The two calls of a pino logger the provider uses; a pino Logger fits as is. */
export interface ClassifierProviderLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ClassifierProviderOptions {
  /** Trained artifact to serve and watch; rules are served while it is absent. */
  modelPath?: string;
  /** How often to look at the artifact's modification time. */
  reloadIntervalMs: number;
  logger?: ClassifierProviderLogger;
}

/** What identifies one version of the file on disk; an atomic rename changes the inode. */
function fingerprint(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Holds the classifier the service uses and swaps in a new artifact when its
 * file changes. A changed file that cannot be loaded is logged and the
 * classifier in use is kept; so is the last one when the file is deleted.
 */
export class ClassifierProvider {
  private classifier: Classifier;
  private seen: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly logger: ClassifierProviderLogger | undefined;

  /**
   * Loads the artifact now, synchronously: an unreadable or invalid artifact at
   * start-up throws (fail fast), a missing one starts on rules.
   */
  constructor(private readonly options: ClassifierProviderOptions) {
    this.logger = options.logger;
    this.classifier = new RulesClassifier();
    const path = options.modelPath;
    if (!path) return;
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
      this.logger?.info({ modelPath: path }, 'no classifier model yet; using rules until one appears');
      this.startWatching();
      return;
    }
    this.seen = fingerprint(stats);
    this.classifier = new TrainedClassifier(parseArtifact(readFileSync(path, 'utf8'), path), path);
    this.logger?.info({ modelPath: path, classifier: this.describe() }, 'classifier model loaded');
    this.startWatching();
  }

  current(): Classifier {
    return this.classifier;
  }

  /** "rules" or "model:<version>", as Classification.classifier reports it. */
  describe(): string {
    return this.classifier instanceof TrainedClassifier ? `model:${this.classifier.version}` : 'rules';
  }

  /** Looks at the file now instead of waiting for the next poll; resolves when done. */
  checkNow(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private startWatching(): void {
    this.timer = setInterval(() => void this.checkNow(), this.options.reloadIntervalMs);
    // Polling must never keep a stopping service alive.
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const path = this.options.modelPath;
    if (!path) return;
    let current: string;
    try {
      current = fingerprint(await stat(path));
    } catch (error) {
      if (isMissing(error) && this.seen !== undefined) {
        this.logger?.warn({ modelPath: path, classifier: this.describe() }, 'classifier model file disappeared; keeping the loaded classifier');
        this.seen = undefined;
      }
      return;
    }
    if (current === this.seen) return;
    // Remembered before loading so a bad file is reported once, not on every poll.
    this.seen = current;
    try {
      const next = new TrainedClassifier(parseArtifact(await readFile(path, 'utf8'), path), path);
      const previous = this.describe();
      this.classifier = next;
      this.logger?.info({ modelPath: path, previous, classifier: this.describe() }, 'classifier model reloaded');
    } catch (error) {
      this.logger?.warn({ modelPath: path, err: error, classifier: this.describe() }, 'new classifier model is invalid; keeping the loaded classifier');
    }
  }
}
