import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ENVIRONMENT_VARIABLES, loadConfig, REPO_ROOT } from '../../core/config/load-config.ts';
import { runCliInProcess } from '../cli/run-cli-in-process.ts';

// What can be checked of docs/deploy.md and its files without Docker or a database: each names
// only commands, settings and variables the portal has. haproxy comes with .ci/run.

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

/** Variables of the postgres image and of deploy/postgres/*.sh, which compose.yaml also sets. */
const DATABASE_IMAGE_VARIABLES = ['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD', 'REPLICATION_PASSWORD', 'PGPASSWORD'];

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
}

function composeServices(): Record<string, ComposeService> {
  return (parseYaml(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> }).services;
}

/** The services that run the portal image's CLI. */
function portalServices(): [string, ComposeService][] {
  return Object.entries(composeServices()).filter(([, s]) => s.command?.includes('core/cli/portal.ts'));
}

/** `${NAME:?…}` and `${NAME:-default}` of compose, filled from .env.example as `docker compose` does. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_, name: string) => env[name] ?? '');
}

function envExample(): Record<string, string> {
  return Object.fromEntries(
    read('.env.example').split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('deployment files', () => {
  it('haproxy accepts deploy/haproxy.cfg', async () => {
    const { stdout, stderr } = await promisify(execFile)('haproxy', ['-c', '-f', join(REPO_ROOT, 'deploy', 'haproxy.cfg')]);
    expect(stdout + stderr).toContain('Configuration file is valid');
  });

  it('haproxy checks nodes on /readyz and the portal trusts the one X-Forwarded-For it adds', async () => {
    const haproxy = read('deploy/haproxy.cfg');
    expect(haproxy).toMatch(/http-check send meth GET uri \/readyz/);
    expect(haproxy).toMatch(/option forwardfor/);
    const env = { PORTAL_SESSION_SECRET: 'a-secret-production-insists-on-'.padEnd(48, '-') };
    const config = await loadConfig({ file: join(REPO_ROOT, 'deploy', 'portal.yaml'), env, productionChecks: false });
    expect(config.trustProxy).toBe(1);
  });

  it('compose.yaml runs three portal nodes behind haproxy, a primary and a standby', () => {
    const services = composeServices();
    expect(portalServices().map(([name]) => name)).toEqual(expect.arrayContaining(['portal-1', 'portal-2', 'portal-3', 'migrate']));
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['lb', 'db', 'db-standby', 'smtp']));
  });

  it('every variable compose.yaml gives the portal is one the portal reads', () => {
    for (const [name, service] of portalServices()) {
      const unknown = Object.keys(service.environment ?? {}).filter((v) => !ENVIRONMENT_VARIABLES.includes(v));
      expect(unknown, `service ${name}`).toEqual([]);
    }
  });

  it('.env.example names only variables of the portal and of the database image', () => {
    const unknown = Object.keys(envExample()).filter((v) => !ENVIRONMENT_VARIABLES.includes(v) && !DATABASE_IMAGE_VARIABLES.includes(v));
    expect(unknown).toEqual([]);
  });

  it('a compose node with .env.example values passes the production checks with deploy/portal.yaml', async () => {
    const example = envExample();
    const [, node] = portalServices().find(([name]) => name === 'portal-1')!;
    const env = Object.fromEntries(Object.entries(node.environment ?? {}).map(([k, v]) => [k, interpolate(v, example)]));
    const config = await loadConfig({ file: join(REPO_ROOT, 'deploy', 'portal.yaml'), env, productionChecks: true });
    expect(config.env).toBe('production');
    expect(config.mail.transport).toBe('smtp');
    expect(config.metrics.port).toBe(9464);
  });

  it("the Dockerfile's CMD and the compose commands are commands the CLI knows", async () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    expect(cmd, 'a CMD in exec form').not.toBeNull();
    const all = [JSON.parse(cmd![1]!) as string[], ...portalServices().map(([, s]) => s.command!)];
    // The nodes run the Dockerfile's command: each different command line is asked once.
    const commands = [...new Map(all.map((c) => [c.join(' '), c])).values()];
    const results = await Promise.all(commands.map((command) => runCliInProcess([...command.slice(2), '--help'])));
    commands.forEach((command, i) => {
      expect(command.slice(0, 2)).toEqual(['node', 'core/cli/portal.ts']);
      expect(results[i]!.code, `${command.join(' ')}: ${results[i]!.stderr}`).toBe(0);
      expect(results[i]!.stdout).toMatch(new RegExp(`^Usage: portal ${command[2]}`));
    });
  }, 120_000);

  it('every environment variable docs/deploy.md names is one the portal or the database image reads', () => {
    const guide = read('docs/deploy.md');
    const named = new Set([...guide.matchAll(/\b(PORTAL_[A-Z_]+|[A-Z]+_(?:URL|PASS|PASSWORD|ENV|PORT|DIR|SECRET|LEVEL|USER|DB))\b/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(3);
    const unknown = [...named].filter((v) => !ENVIRONMENT_VARIABLES.includes(v) && !DATABASE_IMAGE_VARIABLES.includes(v));
    expect(unknown).toEqual([]);
  });
});
