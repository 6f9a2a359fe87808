/** A one-line progress bar for a stream: redrawn in place on a terminal, a line per tenth otherwise so logs stay readable. */
export function progressBar(stream: { write(text: string): unknown; isTTY?: boolean }, label: string): (done: number, total: number, stage: string) => void {
  let lastTenth = -1;
  return (done, total, stage) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${stage}`;
    if (stream.isTTY) {
      stream.write(`\r${line.padEnd(78)}${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`${line}\n`);
    }
  };
}
