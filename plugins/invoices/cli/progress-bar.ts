import type { RenderProgress } from './render-period.ts';

const WIDTH = 28;
const LINE_EVERY_MS = 5000;

/**
 * A bar redrawn in place on a terminal; elsewhere (a cron job's log) a line every few seconds,
 * since carriage returns turn a log file into noise.
 */
export function renderProgressBar(opts: { tty: boolean; write(text: string): void; line(text: string): void }) {
  const started = performance.now();
  let lastLine = 0;
  return {
    update(p: RenderProgress) {
      const share = p.total ? Math.min(1, p.done / p.total) : 1;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(p.done / seconds) : 0;
      const text = `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} PDFs, ${rate.toLocaleString('en-US')}/s`;
      if (opts.tty) {
        const filled = Math.round(share * WIDTH);
        opts.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${text}\x1b[K`);
        return;
      }
      const now = performance.now();
      if (now - lastLine >= LINE_EVERY_MS) {
        lastLine = now;
        opts.line(`${(share * 100).toFixed(0)}%: ${text}`);
      }
    },
    done() {
      if (opts.tty) opts.write('\r\x1b[K');
    },
  };
}
