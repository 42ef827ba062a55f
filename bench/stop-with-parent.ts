import { rmSync } from 'node:fs';

/**
 * A bench's serving child ends with its parent: on the parent's signal or, with `watchStdin`, when
 * the parent's end of stdin closes (a parent killed without signalling, Ctrl-C, kill -9). Returns
 * the shutdown, for the child's own failures.
 */
export function stopWithParent(close: () => Promise<unknown>, workDir: string, opts: { watchStdin?: boolean } = {}): (code: number) => Promise<never> {
  const shutdown = async (code: number): Promise<never> => {
    await close().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  if (opts.watchStdin) {
    process.stdin.on('end', () => void shutdown(0));
    process.stdin.resume();
  }
  return shutdown;
}
