import { main } from '../../core/cli/main.ts';
import { bufferIo } from '../../core/cli/io.ts';
import type { CliResult } from './run-cli.ts';

/**
 * Runs a command line through the same `main(argv)` the CLI entry calls, in this process: for
 * tests of what a command prints, returns, writes or stores, it spares a child that loads every
 * module again (most of such a test's time). The environment the child would get is set for the call and
 * restored after; files run one at a time in a worker, so nothing else reads it meanwhile. Only
 * what a process alone shows goes through `runCli`/`spawnCli`: its exit status, signals, the log
 * a running portal writes to stdout, loading under plain Node.
 */
export async function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const vars = { PORTAL_LOG_LEVEL: 'warn', ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  const io = bufferIo();
  try {
    const code = await main(args, io);
    return { code, stdout: lines(io.stdout), stderr: lines(io.stderr) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** What the process would have written: each `io.out` call ends its own line. */
function lines(parts: string[]): string {
  return parts.map((p) => `${p}\n`).join('');
}
