import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { YamlValidationError } from '../schema/yaml-validate.ts';
import { configSchemaJson, writeConfigSchema } from './config-schema.ts';
import { REPO_ROOT, SESSION_SECRET_FILE, loadConfig } from './load-config.ts';

const SECRET = 's'.repeat(32);
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portal-config-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function writeConfig(text: string): string {
  mkdirSync(join(root, 'config'), { recursive: true });
  const file = join(root, 'config', 'portal.yaml');
  writeFileSync(file, text);
  return file;
}

async function loadError(opts: Parameters<typeof loadConfig>[0]): Promise<Error> {
  try {
    await loadConfig(opts);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('uses defaults when there is no config file', async () => {
    const config = await loadConfig({ root, env: {} });
    expect(config).toEqual({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      publicBaseUrl: 'http://localhost:3000',
      dataDir: join(root, 'data'),
      tenantsDir: join(root, 'tenants'),
      themesDir: join(root, 'themes'),
      pluginPaths: [join(root, 'plugins')],
      pluginPackages: [],
      tenantErrors: 'isolate',
      database: { poolSize: 10, connectTimeoutMs: 5000, queryTimeoutMs: 30_000 },
      storage: { url: `file://${join(root, 'data', 'files')}` },
      mail: { transport: 'files', from: 'Portal <no-reply@localhost>' },
      session: { secret: expect.stringMatching(/^[0-9a-f]{64}$/) as string, idleMinutes: 30, absoluteHours: 12 },
      loginLockout: { addresses: 10 },
      trustProxy: 0,
      metrics: { host: '127.0.0.1' },
      logLevel: 'info',
    });
  });

  it('ships a config/portal.yaml that states exactly the defaults', async () => {
    const shipped = await loadConfig({ root, file: join(REPO_ROOT, 'config', 'portal.yaml'), env: {} });
    expect(shipped).toEqual(await loadConfig({ root, env: {} }));
  });

  it('treats a file of only comments as all defaults', async () => {
    writeConfig('# nothing to change\n');
    expect((await loadConfig({ root, env: {} })).port).toBe(3000);
  });

  it('requires a config file that was named explicitly', async () => {
    await expect(loadConfig({ root, file: join(root, 'nope.yaml'), env: {} })).rejects.toThrow(/Config file not found/);
  });

  it('resolves relative paths against the root and keeps absolute ones', async () => {
    writeConfig('tenantsDir: ../shared/tenants\nthemesDir: /srv/themes\npluginPaths: [plugins, /opt/plugins]\n');
    const config = await loadConfig({ root, env: {} });
    expect(config.tenantsDir).toBe(join(root, '..', 'shared', 'tenants'));
    expect(config.themesDir).toBe('/srv/themes');
    expect(config.pluginPaths).toEqual([join(root, 'plugins'), '/opt/plugins']);
  });

  it('lets the environment win over the file, and overrides win over both', async () => {
    writeConfig(
      'port: 4000\nlogLevel: debug\nmail:\n  transport: smtp\n  from: RedNorte <no-reply@rednorte.example>\n  smtp:\n    host: smtp.example.net\n    user: portal\n',
    );
    const env = {
      NODE_ENV: 'production',
      PORT: '8080',
      PORTAL_PUBLIC_BASE_URL: 'https://portal.example.net/',
      PORTAL_DATA_DIR: join(root, 'var'),
      PORTAL_LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgres://portal@db:5432/portal',
      PORTAL_SESSION_SECRET: SECRET,
      SMTP_PASS: 'hunter2',
    };
    const config = await loadConfig({ root, env });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      publicBaseUrl: 'https://portal.example.net',
      dataDir: join(root, 'var'),
      logLevel: 'warn',
      database: { url: 'postgres://portal@db:5432/portal', poolSize: 10, connectTimeoutMs: 5000, queryTimeoutMs: 30_000 },
      mail: { transport: 'smtp', smtp: { host: 'smtp.example.net', port: 587, secure: false, user: 'portal', pass: 'hunter2' } },
      session: { secret: SECRET },
    });

    const overridden = await loadConfig({ root, env, overrides: { port: 0, mail: { smtp: { pass: 'other' } } } });
    expect(overridden.port).toBe(0);
    expect(overridden.mail.smtp?.pass).toBe('other');
  });

  it('ignores unknown NODE_ENV values, empty variables and an SMTP_PASS with no smtp block', async () => {
    const config = await loadConfig({ root, env: { NODE_ENV: 'staging', PORT: '', SMTP_PASS: 'x' } });
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.mail.smtp).toBeUndefined();
  });

  it('reports a wrong type as file:line:column field: message', async () => {
    const file = writeConfig('# listen here\nhost: 127.0.0.1\nport: "eighty"\n');
    const error = await loadError({ root, env: {} });
    expect(error).toBeInstanceOf(YamlValidationError);
    expect((error as YamlValidationError).errors).toEqual([
      { file, line: 3, column: 7, field: 'port', message: 'must be integer (got string)' },
    ]);
    expect(error.message).toBe(`${file}:3:7 port: must be integer (got string)`);
  });

  it('names the allowed keys for an unknown key', async () => {
    const file = writeConfig('port: 3000\nprot: 3001\nmail:\n  form: x@example.net\n');
    const error = await loadError({ root, env: {} });
    expect(error.message.split('\n')).toEqual([
      `${file}:2:1 prot: unknown field; allowed: env, port, host, publicBaseUrl, dataDir, tenantsDir, themesDir, ` +
        'pluginPaths, pluginPackages, tenantErrors, database, storage, mail, session, loginLockout, trustProxy, metrics, logLevel',
      `${file}:4:3 mail.form: unknown field; allowed: transport, from, smtp`,
    ]);
  });

  it('names the allowed values and requires smtp settings for the smtp transport', async () => {
    const file = writeConfig('tenantErrors: ignore\nmail:\n  transport: smtp\n');
    const error = await loadError({ root, env: {} });
    expect(error.message.split('\n')).toEqual([
      `${file}:1:15 tenantErrors: must be one of: isolate, refuse`,
      `${file}:2:1 mail.smtp: is required`,
    ]);
  });

  it('passes YAML syntax errors on with their position', async () => {
    const file = writeConfig('port: 3000\nmail:\n\ttransport: files\n');
    await expect(loadConfig({ root, env: {} })).rejects.toThrow(`${file}:3:1 (syntax): Tabs`);
  });

  it('names the environment variable behind an invalid value', async () => {
    const error = await loadError({ root, env: { PORT: 'http', PORTAL_SESSION_SECRET: 'short', PORTAL_LOG_LEVEL: 'loud' } });
    expect(error.message).toContain('port (from PORT): must be integer (got string)');
    expect(error.message).toContain('session.secret (from PORTAL_SESSION_SECRET): must NOT have fewer than 32 characters');
    expect(error.message).toContain('logLevel (from PORTAL_LOG_LEVEL): must be one of: fatal, error, warn, info');
  });

  it('takes the metrics port from PORTAL_METRICS_PORT and never lets it be the public port', async () => {
    writeConfig('port: 4000\nmetrics:\n  host: 10.0.0.5\n');
    expect((await loadConfig({ root, env: { PORTAL_METRICS_PORT: '9464' } })).metrics).toEqual({ port: 9464, host: '10.0.0.5' });
    expect((await loadError({ root, env: { PORTAL_METRICS_PORT: 'nine' } })).message).toContain('metrics.port (from PORTAL_METRICS_PORT): must be integer (got string)');
    expect((await loadError({ root, env: { PORTAL_METRICS_PORT: '4000' } })).message).toBe(
      'metrics.port (from PORTAL_METRICS_PORT): must differ from port 4000; metrics are never served on the public port',
    );
  });

  it('takes storage.url from PORTAL_STORAGE_URL over the file', async () => {
    writeConfig('storage:\n  url: file:///srv/portal/files\n');
    expect((await loadConfig({ root, env: {} })).storage.url).toBe('file:///srv/portal/files');
    const url = 's3://portal-files?endpoint=http%3A%2F%2F127.0.0.1%3A9000&forcePathStyle=true';
    expect((await loadConfig({ root, env: { PORTAL_STORAGE_URL: url } })).storage.url).toBe(url);
  });

  it('refuses to start with a storage.url it cannot use, naming the setting, its source and the problem', async () => {
    expect((await loadError({ root, env: { PORTAL_STORAGE_URL: 's3://Portal_Files' } })).message).toMatch(
      /^storage\.url \(from PORTAL_STORAGE_URL\): bucket name "Portal_Files" is not valid/,
    );
    writeConfig('storage:\n  url: ftp://files.example.net/portal\n');
    expect((await loadError({ root, env: {} })).message).toBe('storage.url: unsupported scheme "ftp:" (use file:// or s3://)');
    writeConfig('storage:\n  url: ""\n');
    expect((await loadError({ root, env: {} })).message).toContain('storage.url: must NOT have fewer than 1 characters');
  });

  it('rejects a short session secret in the file', async () => {
    const file = writeConfig('session:\n  secret: tooshort\n');
    await expect(loadConfig({ root, env: {} })).rejects.toThrow(
      `${file}:2:11 session.secret: must NOT have fewer than 32 characters`,
    );
  });

  it('refuses to start in production without a session secret', async () => {
    await expect(loadConfig({ root, env: { NODE_ENV: 'production' } })).rejects.toThrow(
      /session\.secret: set PORTAL_SESSION_SECRET/,
    );
    await expect(loadConfig({ root, env: {}, overrides: { env: 'production' } })).rejects.toThrow(/PORTAL_SESSION_SECRET/);
  });

  it('refuses production mail that would go nowhere or come from the placeholder sender', async () => {
    const env = { NODE_ENV: 'production', PORTAL_SESSION_SECRET: SECRET };
    await expect(loadConfig({ root, env })).rejects.toThrow(/^production requires these settings:\n {2}mail\.transport in \S*config\/portal\.yaml: /);
    const smtp = { transport: 'smtp' as const, smtp: { host: 'smtp.example.net' } };
    const noFrom = await loadError({ root, env, overrides: { mail: smtp } });
    expect(noFrom.message).toMatch(/^ {2}mail\.from in \S*config\/portal\.yaml: .*not the @localhost placeholder/m);
    expect(noFrom.message).not.toContain('mail.transport');
    await expect(loadConfig({ root, env, overrides: { mail: { ...smtp, from: 'Portal <no-reply@localhost>' } } })).rejects.toThrow(/mail\.from in/);
    const onPurpose = await loadConfig({ root, env, overrides: { mail: { transport: 'files', from: 'Portal <no-reply@portal.example.net>' } } });
    expect(onPurpose.mail.transport).toBe('files');
  });

  it('refuses production on every required setting a config file leaves out, all in one message', async () => {
    // A file that sets other things: its defaults must not count as the mail settings chosen.
    const file = writeConfig('port: 3000\nsession:\n  idleMinutes: 20\n');
    const error = await loadError({ root, env: { NODE_ENV: 'production' } });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('production requires these settings:');
    expect(lines.slice(1).map((l) => l.trim().replace(/:.*$/, ''))).toEqual([
      'session.secret',
      // Outside the working directory, the file is named by its full path.
      `mail.transport in ${file}`,
      `mail.from in ${file}`,
    ]);
    expect(error.message).toContain('PORTAL_SESSION_SECRET');
  });

  it('lets commands that only check files run under NODE_ENV=production', async () => {
    writeConfig('port: 3000\n');
    const config = await loadConfig({ root, env: { NODE_ENV: 'production', PORTAL_SESSION_SECRET: SECRET }, productionChecks: false });
    expect(config.env).toBe('production');
  });

  it('generates a session secret once, stores it privately and reuses it', async () => {
    const dataDir = join(root, 'state');
    const first = await loadConfig({ root, env: { NODE_ENV: 'test' }, overrides: { dataDir } });
    const file = join(dataDir, SESSION_SECRET_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.session.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await loadConfig({ root, env: { NODE_ENV: 'test' }, overrides: { dataDir } });
    expect(second.session.secret).toBe(first.session.secret);
  });

  it('rejects a stored session secret that is too short', async () => {
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', SESSION_SECRET_FILE), 'abc\n');
    await expect(loadConfig({ root, env: {} })).rejects.toThrow(/session\.secret: .*fewer than 32 characters/);
  });
});

describe('config schema', () => {
  it('matches the committed config/portal.schema.json', () => {
    expect(readFileSync(join(REPO_ROOT, 'config', 'portal.schema.json'), 'utf8')).toBe(configSchemaJson());
  });

  it('writes the schema file', () => {
    const file = join(root, 'portal.schema.json');
    writeConfigSchema(file);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { properties: { port: { default: unknown } } }).properties.port.default).toBe(3000);
  });
});
