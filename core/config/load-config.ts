import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { addFormats } from '../schema/add-formats.ts';
import { YamlValidationError, fieldName, locateAjvErrors, parseYaml, type DataPath } from '../schema/yaml-validate.ts';
import { hostConfigSchema, type HostConfig } from './config-schema.ts';
import { parseStorageUrl, StorageUrlError } from '../storage/storage-url.ts';

export type { HostConfig } from './config-schema.ts';

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type HostConfigOverrides = DeepPartial<HostConfig>;

export interface LoadConfigOptions {
  /** Must exist when given; the default `<root>/config/portal.yaml` may be absent (all defaults). */
  file?: string;
  /** Relative paths in the configuration resolve against this. Default: the repository root. */
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Applied last, over both the file and the environment. */
  overrides?: HostConfigOverrides;
  /**
   * False for commands that only check files (they neither serve nor send mail): what production
   * requires of a running portal does not stop them in a CI job that runs with NODE_ENV=production.
   */
  productionChecks?: boolean;
}

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const SESSION_SECRET_FILE = 'session-secret';
const MIN_SECRET_LENGTH = 32;

type Tree = Record<string, unknown>;

const ajv = addFormats(new Ajv({ allErrors: true, useDefaults: true, verbose: true }));
const validateConfig = ajv.compile(hostConfigSchema);

/** Deployment settings and secrets the environment may set, over whatever the file says. */
const ENVIRONMENT: { variable: string; path: DataPath; read?: (value: string) => unknown }[] = [
  // Other NODE_ENV values (e.g. "staging") are someone else's convention; leave `env` alone.
  { variable: 'NODE_ENV', path: ['env'], read: (v) => (['development', 'production', 'test'].includes(v) ? v : undefined) },
  // A non-numeric PORT stays a string so validation reports it.
  { variable: 'PORT', path: ['port'], read: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { variable: 'PORTAL_METRICS_PORT', path: ['metrics', 'port'], read: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { variable: 'PORTAL_PUBLIC_BASE_URL', path: ['publicBaseUrl'] },
  // A path typed on the command line means the current directory, not the portal root.
  { variable: 'PORTAL_DATA_DIR', path: ['dataDir'], read: (v) => resolve(v) },
  { variable: 'PORTAL_LOG_LEVEL', path: ['logLevel'] },
  { variable: 'DATABASE_URL', path: ['database', 'url'] },
  { variable: 'PORTAL_STORAGE_URL', path: ['storage', 'url'] },
  { variable: 'PORTAL_SESSION_SECRET', path: ['session', 'secret'] },
];

/** Every environment variable the portal reads for its settings, for guides and deploy files to be checked against. */
export const ENVIRONMENT_VARIABLES: readonly string[] = [
  ...ENVIRONMENT.map((e) => e.variable),
  'SMTP_PASS',
  // Read by the AWS SDK for an s3:// storage.url (core/storage/s3-storage.ts), never by the config.
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
];

export async function loadConfig(opts: LoadConfigOptions = {}): Promise<HostConfig> {
  const root = resolve(opts.root ?? REPO_ROOT);
  const env = opts.env ?? process.env;
  const file = opts.file !== undefined ? resolve(opts.file) : join(root, 'config', 'portal.yaml');

  const fromFile = await readConfigFile(file, opts.file !== undefined);
  const { values: fromEnv, sources } = readEnvironment(env);
  const overrides = structuredClone((opts.overrides ?? {}) as Tree);
  const merged = merge(merge(fromFile, fromEnv), overrides);

  // SMTP_PASS completes an smtp block configured elsewhere; on its own it configures nothing.
  const smtp = (merged.mail as Tree | undefined)?.smtp as Tree | undefined;
  const overriddenPass = ((overrides.mail as Tree | undefined)?.smtp as Tree | undefined)?.pass;
  if (env.SMTP_PASS && smtp && overriddenPass === undefined) {
    smtp.pass = env.SMTP_PASS;
    sources.set('mail.smtp.pass', 'SMTP_PASS');
  }

  // Read before validation fills in defaults: production must have chosen these itself.
  const mailChoice = { ...((merged.mail ?? {}) as Tree) };
  checkMerged(merged, sources);
  const config = merged as unknown as HostConfig;
  if (config.metrics.port !== undefined && config.metrics.port !== 0 && config.metrics.port === config.port) {
    throw new Error(`metrics.port${sources.has('metrics.port') ? ` (from ${sources.get('metrics.port')})` : ''}: must differ from port ${config.port}; metrics are never served on the public port`);
  }
  config.dataDir = resolve(root, config.dataDir);
  config.tenantsDir = resolve(root, config.tenantsDir);
  config.themesDir = resolve(root, config.themesDir);
  config.pluginPaths = config.pluginPaths.map((p) => resolve(root, p));
  config.storage.url ??= pathToFileURL(join(config.dataDir, 'files')).href;
  checkStorageUrl(config.storage.url, sources.get('storage.url'));
  // Links are built by appending paths, which must not produce a double slash.
  config.publicBaseUrl = config.publicBaseUrl.replace(/\/+$/, '');
  if (config.env === 'production' && opts.productionChecks !== false) checkProduction(config, mailChoice, displayName(file));
  config.session.secret ??= await ensureSessionSecret(config);
  return config;
}

async function readConfigFile(file: string, required: boolean): Promise<Tree> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (required) throw new Error(`Config file not found: ${file}`);
    return {};
  }
  const parsed = parseYaml(displayName(file), text);
  // A file holding only comments means "all defaults".
  parsed.data ??= {};
  // Validated on a copy: ajv fills in defaults as it goes, and what the file leaves out must stay
  // out until the merge, or production could not tell a chosen setting from a default.
  if (!validateConfig(structuredClone(parsed.data))) {
    throw new YamlValidationError(locateAjvErrors(parsed, validateConfig.errors ?? []));
  }
  return parsed.data as Tree;
}

/** Relative to the working directory when inside it, so terminals and editors can open `file:line:column`. */
function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function readEnvironment(env: NodeJS.ProcessEnv): { values: Tree; sources: Map<string, string> } {
  const values: Tree = {};
  const sources = new Map<string, string>();
  for (const { variable, path, read } of ENVIRONMENT) {
    const raw = env[variable];
    // An empty variable is how shells and compose files say "not set".
    if (raw === undefined || raw === '') continue;
    const value = read ? read(raw) : raw;
    if (value === undefined) continue;
    setAt(values, path, value);
    sources.set(fieldName(path), variable);
  }
  return { values, sources };
}

/** The file was checked with positions already; this catches what the environment and overrides brought in. */
function checkMerged(merged: Tree, sources: Map<string, string>): void {
  if (validateConfig(merged)) return;
  const noPositions = { file: '', data: merged, locate: () => ({ line: 0, column: 0 }) };
  const problems = locateAjvErrors(noPositions, validateConfig.errors ?? []).map((e) => {
    const source = sources.get(e.field);
    return `${e.field}${source ? ` (from ${source})` : ''}: ${e.message}`;
  });
  throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
}

/** A store named wrongly would lose uploads quietly; the portal does not start with one. */
function checkStorageUrl(url: string, source: string | undefined): void {
  try {
    parseStorageUrl(url);
  } catch (err) {
    if (!(err instanceof StorageUrlError)) throw err;
    throw new Error(`storage.url${source ? ` (from ${source})` : ''}: ${err.message}`);
  }
}

/**
 * Everything README says production requires, reported together so one restart fixes them all.
 * The `files` transport is the development default; in production it would keep every email on
 * disk without a word, so there it must be chosen on purpose (a staging copy that must not mail
 * real customers), and the sender must not be the placeholder.
 */
function checkProduction(config: HostConfig, mail: Tree, file: string): void {
  const missing: string[] = [];
  if (config.session.secret === undefined) {
    missing.push(`session.secret: set PORTAL_SESSION_SECRET (at least ${MIN_SECRET_LENGTH} characters)`);
  }
  if (mail.transport === undefined) {
    missing.push(`mail.transport in ${file}: 'smtp' with mail.smtp.host to send, or 'files' to keep messages on disk on purpose`);
  }
  if (mail.from === undefined || String(mail.from).includes('@localhost')) {
    missing.push(`mail.from in ${file}: the address customers see mail coming from, not the @localhost placeholder (e.g. "Portal <no-reply@portal.example.net>")`);
  }
  if (missing.length > 0) throw new Error(`production requires these settings:\n${missing.map((m) => `  ${m}`).join('\n')}`);
}

async function ensureSessionSecret(config: HostConfig): Promise<string> {
  if (config.env === 'production') {
    throw new Error(
      `session.secret: PORTAL_SESSION_SECRET is required in production (at least ${MIN_SECRET_LENGTH} characters)`,
    );
  }
  const file = join(config.dataDir, SESSION_SECRET_FILE);
  const existing = await readSecretFile(file);
  if (existing !== undefined) return existing;

  await mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // Write aside, then link into place: link fails if the file exists, so two processes starting
  // together agree on one secret and neither ever reads a half-written file.
  const pending = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(pending, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(pending, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await readSecretFile(file)) as string;
  } finally {
    await unlink(pending);
  }
}

async function readSecretFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (text.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `session.secret: ${file} holds fewer than ${MIN_SECRET_LENGTH} characters; delete it to have a new secret generated`,
    );
  }
  return text;
}

function merge(base: Tree, top: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(top)) {
    if (value === undefined) continue;
    const below = out[key];
    out[key] = isPlainObject(value) && isPlainObject(below) ? merge(below, value) : value;
  }
  return out;
}

function setAt(tree: Tree, path: DataPath, value: unknown): void {
  let node = tree;
  for (const segment of path.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment] as Tree;
  }
  node[path[path.length - 1]] = value;
}

function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
