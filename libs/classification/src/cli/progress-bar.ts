/**
 * A dependency-free progress display for long CLI steps. On a terminal it
 * redraws one line in place; in a log file or CI output, where carriage
 * returns pile up into noise, it prints a line at every tenth of the way.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBar {
  /** Reports `done` of the total steps, with a short note such as the current loss. */
  update(done: number, note?: string): void;
  /** Ends the display, leaving the last state on its own line. */
  finish(note?: string): void;
}

const WIDTH = 24;

export function createProgressBar(stream: ProgressStream, total: number, label: string): ProgressBar {
  const interactive = stream.isTTY === true;
  let lastDecile = -1;
  let lastLine = '';

  const render = (done: number, note: string) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const percent = `${Math.floor(fraction * 100)}`.padStart(3);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent}% ${done}/${total}${note ? ` ${note}` : ''}`;
  };

  return {
    update(done, note = '') {
      lastLine = render(done, note);
      if (interactive) {
        stream.write(`\r${lastLine}\x1b[K`);
        return;
      }
      const decile = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${lastLine}\n`);
      }
    },
    finish(note) {
      if (note !== undefined) lastLine = `${label} ${note}`;
      if (interactive) stream.write(`\r${lastLine}\x1b[K\n`);
      else if (lastDecile < 10 || note !== undefined) stream.write(`${lastLine}\n`);
    },
  };
}
