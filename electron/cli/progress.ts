/**
 * A progress bar for long commands (export, import, bulk replay, scenarios) on an interactive terminal; silent when
 * stderr is piped or redirected, so scripts see only the result lines.
 */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export function createProgress(label: string, stream: ProgressStream = process.stderr, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - last < 80 && done < total) return;
      last = t;
      stream.write(`\r${renderBar(label, done, total, stream.columns ?? 80)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

export function renderBar(label: string, done: number, total: number, columns: number): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const counts = `${done}/${total}`;
  const width = Math.max(10, Math.min(40, columns - label.length - counts.length - 10));
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${counts}`;
}
