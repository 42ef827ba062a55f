/** Time allowed for in-flight requests and the database to close before the process gives up. */
const GRACE_MS = 10_000;

/**
 * Resolves on the first SIGINT or SIGTERM. A second signal, or a close that hangs past the grace
 * period, ends the process at once: an operator pressing Ctrl+C twice means it.
 */
export function waitForShutdown(onForce: (reason: string) => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const force = () => {
        onForce('second signal');
        process.exit(130);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      setTimeout(() => {
        onForce(`still closing after ${GRACE_MS / 1000}s`);
        process.exit(1);
      }, GRACE_MS).unref();
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
