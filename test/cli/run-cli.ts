import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';

export const CLI = join(REPO_ROOT, 'core', 'cli', 'portal.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way an operator does: a separate node process, from the portal's folder. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, PORTAL_LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** A long-running CLI command whose output is collected as it arrives. */
export function spawnCli(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; stdout: () => string; stderr: () => string; waitFor: (re: RegExp, ms: number) => Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let outText = '';
  let errText = '';
  child.stdout!.on('data', (chunk) => ((text += chunk), (outText += chunk)));
  child.stderr!.on('data', (chunk) => ((text += chunk), (errText += chunk)));
  const waitFor = (re: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`timed out waiting for ${re}; output so far:\n${text}`)), ms);
      const check = () => {
        const m = re.exec(text);
        if (m) done(undefined, m);
      };
      const exited = () => done(new Error(`CLI exited before printing ${re}; output:\n${text}`));
      const done = (err?: Error, m?: RegExpExecArray) => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        child.off('exit', exited);
        if (err) reject(err);
        else resolve(m!);
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', exited);
      check();
    });
  return { child, output: () => text, stdout: () => outText, stderr: () => errText, waitFor };
}

/** A stack frame line: user errors must never print one. */
export const STACK_FRAME = /^\s+at /m;
