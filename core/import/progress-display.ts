import type { ImportProgress } from './run-import.ts';

const WIDTH = 28;
const LINE_EVERY_MS = 5000;

/**
 * A bar redrawn in place on a terminal; elsewhere (a cron job's log) a line every few seconds,
 * since carriage returns turn a log file into noise.
 */
export function progressDisplay(opts: { tty: boolean; write(text: string): void; line(text: string): void }) {
  const started = performance.now();
  let lastLine = 0;
  const describe = (p: ImportProgress) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(p.rows / seconds) : 0;
    return `${p.rows.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s, ${p.rejected.toLocaleString('en-US')} rejected`;
  };
  return {
    update(p: ImportProgress) {
      const share = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 0;
      if (opts.tty) {
        const filled = Math.round(share * WIDTH);
        opts.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${describe(p)}\x1b[K`);
        return;
      }
      const now = performance.now();
      if (now - lastLine >= LINE_EVERY_MS) {
        lastLine = now;
        opts.line(`${(share * 100).toFixed(0)}%: ${describe(p)}`);
      }
    },
    done() {
      if (opts.tty) opts.write('\r\x1b[K');
    },
  };
}
