import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawnCli, STACK_FRAME } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** GET with a chosen Host header, which fetch does not allow setting. */
function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('npm start (portal start --seed-demo)', () => {
  it('seeds, prints the tenant URLs and logins, serves the demo tenants and stops on SIGTERM', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-start-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const db = await throwawayDatabase();
    if (db) cleanups.push(db.drop);

    const cli = spawnCli(['start', '--seed-demo'], {
      NODE_ENV: 'development',
      PORT: '0',
      PORTAL_DATA_DIR: dataDir,
      // info: the per-request lines are on, so stdout has log lines to check.
      PORTAL_LOG_LEVEL: 'info',
      DATABASE_URL: db?.url ?? '',
    });
    cleanups.push(() => void cli.child.kill('SIGKILL'));

    const [, port] = await cli.waitFor(/http:\/\/rednorte\.localhost:(\d+)\//, 90_000);
    await cli.waitFor(/Demo logins/, 5_000);
    const out = cli.output();
    for (const url of ['aguas-del-valle.localhost', 'nubehost.localhost', 'servidoresya.localhost']) {
      expect(out).toContain(`http://${url}:${port}/`);
    }
    expect(out).toMatch(/104721, 104745\s+rednorte-demo\s+María Laura Quispe/);

    const login = await get(Number(port), '/login', 'rednorte.localhost');
    expect(login.status).toBe(200);
    expect(login.body).toContain('RedNorte Internet');
    const otherBrand = await get(Number(port), '/login', 'servidoresya.localhost');
    expect(otherBrand.body).toContain('ServidoresYa');

    // The banner is for the operator (stderr); stdout is the JSON log only, so `| jq` never chokes.
    expect(cli.stderr()).toContain('Demo logins');
    expect(cli.stdout()).not.toContain('Demo logins');
    const completed = await cli.waitFor(/"tenant":"rednorte"[^\n]*"msg":"request completed"|"msg":"request completed"[^\n]*"tenant":"rednorte"/, 5_000);
    const line = JSON.parse(cli.stdout().split('\n').find((l) => l.includes(completed[0]))!);
    expect(line).toMatchObject({ tenant: 'rednorte', msg: 'request completed' });
    expect(line.reqId).toEqual(expect.any(String));

    if (!db) {
      // The embedded database belongs to the running portal; another process (this one) must not open it.
      const migrate = await runCliInProcess(['migrate'], { PORTAL_DATA_DIR: dataDir, DATABASE_URL: '' });
      expect(migrate.code).toBe(1);
      expect(migrate.stderr).toContain(`is in use by process ${cli.child.pid}`);
    }

    cli.child.kill('SIGTERM');
    expect(await exited(cli.child)).toBe(0);
    const stdoutLines = cli.stdout().split('\n').filter((l) => l !== '');
    expect(stdoutLines.length).toBeGreaterThan(0);
    for (const l of stdoutLines) expect(() => JSON.parse(l), l).not.toThrow();
  });
});

describe('portal start in production', () => {
  it('refuses the shipped config/portal.yaml, naming every required setting and the file in one message', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-prod-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { NODE_ENV: 'production', PORT: '0', PORTAL_DATA_DIR: dataDir, DATABASE_URL: '' };

    const withSecret = await runCliInProcess(['start'], { ...env, PORTAL_SESSION_SECRET: 'k'.repeat(40) });
    expect(withSecret.code).toBe(1);
    expect(withSecret.stderr).toContain('production requires these settings:');
    expect(withSecret.stderr).toMatch(/^ {2}mail\.transport in config\/portal\.yaml: 'smtp' with mail\.smtp\.host/m);
    expect(withSecret.stderr).toMatch(/^ {2}mail\.from in config\/portal\.yaml: .*@localhost placeholder/m);
    expect(withSecret.stderr).not.toContain('session.secret');
    // That it returned at all says it never served: a started portal runs until a signal.
    expect(withSecret.stdout).toBe('');

    const bare = await runCliInProcess(['start'], env);
    expect(bare.code).toBe(1);
    const listed = bare.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/[ :]/)[0]);
    expect(listed).toEqual(['session.secret', 'mail.transport', 'mail.from']);
    expect(bare.stderr).not.toMatch(STACK_FRAME);
  });
});
