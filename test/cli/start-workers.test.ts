import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: 'rednorte.localhost', connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** Pids of the processes that logged a completed request, from the JSON log on stdout. */
function answeringPids(stdout: string): Set<number> {
  return new Set(stdout.split('\n').filter((l) => l.includes('"msg":"request completed"')).map((l) => JSON.parse(l).pid as number));
}

/** Asks until every pid wanted has answered one request; bounded by a count, not a clock. */
async function requestsUntilAnswered(port: number, stdout: () => string, wanted: number[]): Promise<void> {
  for (let i = 0; i < 200 && !wanted.every((pid) => answeringPids(stdout()).has(pid)); i++) {
    expect(await get(port, '/login')).toBe(200);
  }
}

describe('portal start --workers', () => {
  // Runs on both test runs: it names no server, so the portal would open the embedded database.
  it('refuses more than one worker on the embedded database, naming DATABASE_URL', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-workers-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const result = await runCliInProcess(['start', '--workers', '2'], { NODE_ENV: 'development', PORT: '0', PORTAL_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  // Several processes need a database server; the server run (test:pg) is where they are tested.
  if (process.env.DATABASE_URL) {
    it('serves from two workers, replaces one killed, and drains all on SIGTERM', { timeout: 180_000 }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'portal-workers-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const db = (await throwawayDatabase())!;
      cleanups.push(db.drop);

      const cli = spawnCli(['start', '--workers', '2'], { NODE_ENV: 'development', PORT: '0', PORTAL_DATA_DIR: dataDir, PORTAL_LOG_LEVEL: 'info', DATABASE_URL: db.url });
      cleanups.push(() => void cli.child.kill('SIGKILL'));

      const [, firstPid, secondPid] = await cli.waitFor(/worker (\d+) started[\s\S]*worker (\d+) started/, 30_000);
      const [, port] = await cli.waitFor(/http:\/\/rednorte\.localhost:(\d+)\//, 90_000);
      const workers = [Number(firstPid), Number(secondPid)];
      for (const pid of workers) await cli.waitFor(new RegExp(`"pid":${pid},[^\n]*Server listening`), 60_000);
      expect(workers).not.toContain(cli.child.pid);

      await requestsUntilAnswered(Number(port), cli.stdout, workers);
      expect([...answeringPids(cli.stdout())].sort()).toEqual([...workers].sort());

      process.kill(workers[0], 'SIGKILL');
      const [, replacementPid] = await cli.waitFor(new RegExp(`worker ${workers[0]} exited[\\s\\S]*worker (\\d+) started`), 30_000);
      const replacement = Number(replacementPid);
      await cli.waitFor(new RegExp(`"pid":${replacement},[^\n]*Server listening`), 60_000);
      await requestsUntilAnswered(Number(port), cli.stdout, [replacement, workers[1]]);
      expect(answeringPids(cli.stdout())).toContain(replacement);

      cli.child.kill('SIGTERM');
      expect(await exited(cli.child)).toBe(0);
      expect(cli.stderr()).toMatch(/SIGTERM received: draining 2 workers/);
      // Each worker closed its portal (requests drained, database pool closed) before the primary exited.
      expect(cli.stderr().match(/SIGTERM received: closing connections and the database/g)).toHaveLength(2);
    });
  }
});
