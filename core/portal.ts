import { createHmac, createSecretKey } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { postgresRateLimitStore } from './http/rate-limit-store.ts';
import { AfterReply } from './http/after-reply.ts';
import { secureHeaders } from './http/secure-headers.ts';
import { cookieSigner } from './http/cookie-signer.ts';
import { multipartUploads } from './http/multipart-uploads.ts';
import { sharedSchemaCompilers } from './http/shared-schema-compilers.ts';
import csrf from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import type { HostConfig } from './config/load-config.ts';
import { REPO_ROOT } from './config/load-config.ts';
import { discoverPlugins } from './plugins/discover-plugins.ts';
import type { LoadedPlugin, PortalServices } from './plugins/define-plugin.ts';
import { loadThemes, type Theme } from './views/themes.ts';
import { TenantValidator } from './tenants/load-tenant.ts';
import { readTenantFiles, TenantRegistry } from './tenants/tenant-registry.ts';
import type { ReadTenantFile } from './tenants/hostname-claims.ts';
import { readHostnameOwners, recordHostnameOwners } from './tenants/hostname-owners.ts';
import { TenantLoadError } from './tenants/tenant-load-error.ts';
import { Catalog } from './i18n/i18n.ts';
import { LOCALES } from './tenants/tenant-schema.ts';
import { formatLocatedErrors } from './schema/yaml-validate.ts';
import { ViewEngine } from './views/view-engine.ts';
import { openDatabase, coreMigrations, type Database } from './db/database.ts';
import type { MigrationSet } from './db/migrate.ts';
import { coreEntities } from './accounts/entities.ts';
import { createTransport } from './mail/transport.ts';
import { Mailer } from './mail/mailer.ts';
import { EventBus } from './events/event-bus.ts';
import { Links } from './http/links.ts';
import { SessionStore } from './auth/session-store.ts';
import { sessionCookie, sessionHook } from './auth/session-hook.ts';
import { releaseEntityManager, tenantContext } from './http/tenant-context.ts';
import { pageRendering } from './http/page.ts';
import { errorHandling } from './http/error-handling.ts';
import { assetRoutes } from './http/asset-routes.ts';
import { csrfGuard, csrfToken, csrfUserInfo } from './http/csrf-guard.ts';
import { pageCsrf, type CsrfSettings } from './http/page-csrf.ts';
import { requestForLog } from './http/log-redaction.ts';
import { registerPluginRoutes } from './plugins/register-plugin-routes.ts';
import { ProvidedServices } from './plugins/provided-services.ts';
import { coreRoutes } from './auth/routes/index.ts';
import { usePasswordHashingFor } from './auth/passwords.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { AuditLog } from './auth/audit.ts';
import { openStorage } from './storage/open-storage.ts';
import { startMaintenance } from './jobs/maintenance.ts';
import { staffEntities } from './staff/entities.ts';
import { staffModule } from './staff/staff-module.ts';
import { ApiRegistry } from './api/api-registry.ts';
import { coreApi } from './api/core-api.ts';
import { apiModule } from './api/api-module.ts';
import { SecretBox } from './webhooks/secret-box.ts';
import { WebhookQueue } from './webhooks/webhook-queue.ts';
import { recordWebhookEvents } from './webhooks/record-event.ts';
import { EMBEDDED_MAX_CONNECTIONS } from './db/embedded-postgres.ts';
import { Readiness } from './health/readiness.ts';
import { databaseCheck, migrationsCheck, storageCheck } from './health/core-checks.ts';
import { probeRoutes } from './health/probe-routes.ts';
import { PortalMetrics } from './metrics/portal-metrics.ts';
import { httpMetrics } from './metrics/http-metrics.ts';
import './http/request-types.ts';

export const CORE_DIR = join(REPO_ROOT, 'core');

export interface Portal {
  config: HostConfig;
  app: FastifyInstance;
  db: Database;
  tenants: TenantRegistry;
  plugins: LoadedPlugin[];
  themes: Map<string, Theme>;
  services: PortalServices & { sessions: SessionStore; audit: AuditLog; scheduler: Scheduler; afterReply: AfterReply; metrics: PortalMetrics };
  /** What `/readyz` checks; a module the node cannot serve without adds its own check here. */
  readiness: Readiness;
  /** Starts the mail outbox worker and the cron jobs (not done by tests unless they ask). */
  startWorkers(): void;
  close(): Promise<void>;
}

function refuseBrokenTenants(tenants: TenantRegistry): void {
  if (tenants.broken.size > 0) throw new TenantLoadError([...tenants.broken.values()].map((b) => b.error).join('\n'));
}

/** The install's plugins and themes, and the validator of tenant files they make. */
async function loadExtensions(config: HostConfig) {
  const plugins = await discoverPlugins({ paths: config.pluginPaths, packages: config.pluginPackages, root: REPO_ROOT });
  const themes = loadThemes(config.themesDir);
  const validator = new TenantValidator({ plugins, themes: new Map([...themes].map(([n, t]) => [n, t.settings])) });
  return { plugins, themes, validator };
}

function loadTenants(config: HostConfig, validator: TenantValidator, owners?: ReadonlyMap<string, string>, reads?: ReadTenantFile[]): TenantRegistry {
  return TenantRegistry.load({ dir: config.tenantsDir, validator, devHostnames: config.env !== 'production', owners, reads });
}

/**
 * Loads the install's plugins, themes and tenants without the database, for commands that only
 * read files: who served a contested hostname before is not known here, so every claimant of
 * one shows as refused.
 */
export async function loadInstall(config: HostConfig) {
  const extensions = await loadExtensions(config);
  return { ...extensions, tenants: loadTenants(config, extensions.validator) };
}

/** Core's migrations, then each plugin's in dependency order: what a portal with these plugins applies. */
export function migrationSets(plugins: LoadedPlugin[]): MigrationSet[] {
  return [coreMigrations(CORE_DIR), ...plugins.map((p) => ({ owner: p.name, dir: join(p.dir, 'migrations') }))];
}

export interface PortalOptions {
  /** Embedded PostgreSQL in memory instead of the data folder (tests, benchmarks). */
  embeddedInMemory?: boolean;
  /** With embeddedInMemory: a fresh cluster saved once, so each portal skips initdb (test runs). */
  embeddedFrom?: string;
  /** Where the log goes instead of stdout (tests read what it says). */
  logStream?: { write(line: string): void };
  /** AWS_* variables for an s3:// storage.url instead of process.env (tests with their own S3 server). */
  storageEnv?: NodeJS.ProcessEnv;
}

export async function createPortal(config: HostConfig, opts: PortalOptions = {}): Promise<Portal> {
  usePasswordHashingFor(config.env);
  const { plugins, themes, validator } = await loadExtensions(config);
  // Read once: both registries below are built from the same reads.
  const reads = readTenantFiles(config.tenantsDir, validator);
  // Refusing needs no database: any hostname conflict leaves some file refused whoever served
  // the hostname before, so the files alone decide, before an embedded database is set up.
  if (config.tenantErrors === 'refuse') refuseBrokenTenants(loadTenants(config, validator, undefined, reads));
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization'],
      serializers: { req: requestForLog as never },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    // Fastify ignores a bare hop count (fails closed), so the count becomes a trust function: the
    // socket peer and the next `trustProxy - 1` addresses are our proxies, nothing before them.
    trustProxy: config.trustProxy > 0 ? (_address: string, hop: number) => hop < config.trustProxy : false,
    bodyLimit: 1024 * 1024,
    schemaController: sharedSchemaCompilers,
  });
  const catalog = new Catalog(
    [{ dir: join(CORE_DIR, 'locales') }, ...plugins.map((p) => ({ dir: join(p.dir, 'locales'), prefix: p.name }))],
    LOCALES,
  );
  const views = new ViewEngine({ coreDir: CORE_DIR, themes, plugins, catalog, cache: config.env !== 'development' });
  const db = await openDatabase({
    url: config.database.url,
    embeddedDir: config.database.url || opts.embeddedInMemory ? undefined : join(config.dataDir, 'pglite'),
    embeddedFrom: opts.embeddedFrom,
    // On the embedded database one of its few connections is kept for the webhook queue.
    poolSize: config.database.url ? config.database.poolSize : Math.min(config.database.poolSize, EMBEDDED_MAX_CONNECTIONS - 1),
    connectTimeoutMs: config.database.connectTimeoutMs,
    queryTimeoutMs: config.database.queryTimeoutMs,
    entities: [...coreEntities, ...staffEntities, ...plugins.flatMap((p) => p.definition.entities ?? [])],
    migrations: migrationSets(plugins),
  });
  // Tenants load once the database can say who served a contested hostname before.
  const owners = await readHostnameOwners(db.orm);
  const tenants = loadTenants(config, validator, owners, reads);
  for (const broken of tenants.broken.values()) app.log.error({ tenant: broken.id, file: broken.file }, `tenant not loaded:\n${broken.error}`);
  for (const tenant of tenants.list()) {
    if (tenant.warnings?.length) app.log.warn({ tenant: tenant.id, file: tenant.file }, `tenant file warnings:\n${formatLocatedErrors(tenant.warnings)}`);
  }
  if (config.tenantErrors === 'refuse') {
    try {
      refuseBrokenTenants(tenants);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  await recordHostnameOwners(db.orm, tenants, owners);

  const links = new Links(
    config.publicBaseUrl,
    config.env === 'production' ? undefined : { port: () => listeningPort(app), fallbackPort: config.port },
  );
  const mail = new Mailer({ orm: db.orm, views, transport: createTransport(config, app.log), from: config.mail.from, log: app.log });
  const events = new EventBus(app.log);
  const sessions = new SessionStore(db.orm, { idleMinutes: config.session.idleMinutes, absoluteHours: config.session.absoluteHours });
  const audit = new AuditLog();
  const files = openStorage(config.storage.url, { dataDir: config.dataDir, env: opts.storageEnv });
  const provided = new ProvidedServices();
  const api = new ApiRegistry(coreApi, plugins);
  const secrets = new SecretBox(config.session.secret);
  const metrics = new PortalMetrics({ db, tenants, log: app.log });
  const webhookQueue = new WebhookQueue({
    orm: db.orm,
    box: secrets,
    log: app.log,
    embedded: db.embedded,
    options: { allowPrivateTargets: config.env !== 'production' },
    counts: metrics.webhooks,
  });
  const webhooks = { queue: webhookQueue, secrets, requireHttps: config.env === 'production' };
  const afterReply = new AfterReply(app.log);
  const services = { mail, events, views, tenants, links, files, plugins: provided, api, webhooks, sessions, audit, afterReply, metrics, scheduler: undefined as unknown as Scheduler };
  services.scheduler = new Scheduler({ db, tenants, plugins, services, log: app.log, counts: metrics.jobs });
  provided.build(plugins, services);
  events.attach(plugins, services);
  recordWebhookEvents(events, api, () => webhookQueue.nudge());
  const cookieConf = sessionCookie(links.secure);
  const readiness = new Readiness();
  readiness.add(databaseCheck(db));
  readiness.add(migrationsCheck(db));
  readiness.add(storageCheck(files));

  // Defaults for every cookie set or cleared, core's or a plugin's: Secure whenever the portal
  // is served over HTTPS, without each caller having to remember it.
  await app.register(cookie, { secret: cookieSigner(config.session.secret), parseOptions: { path: '/', httpOnly: true, sameSite: 'lax', secure: links.secure } });
  await app.register(formbody);
  secureHeaders(app, { secure: links.secure });
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(db.orm) });
  const csrfSettings: CsrfSettings = {
    cookieKey: '_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: links.secure, signed: true },
    // Its own key, derived from the session secret, for the bound user info inside each token. A
    // KeyObject, not a Buffer: node re-imports a Buffer key on every HMAC, which cost more than
    // rendering the login page (two HMACs per token, one token per page).
    hmacKey: createSecretKey(createHmac('sha256', config.session.secret).update('csrf user info').digest()),
  };
  // The plugin checks tokens; pages mint theirs with pageCsrf (same format, cheaper for a first visit).
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: csrfSettings.cookieKey,
    cookieOpts: csrfSettings.cookieOpts,
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: csrfSettings.hmacKey as unknown as Buffer },
    getToken: csrfToken,
  });
  await app.register(fastifyStatic, { root: CORE_DIR, serve: false });
  // Conservative defaults; a route asks for its own limits with request.file({ limits }).
  await multipartUploads(app, { limits: { fileSize: 5 * 1024 * 1024, files: 5, fields: 20, parts: 30 } });

  httpMetrics(app, metrics);
  tenantContext(app, { tenants, db, views });
  probeRoutes(app, readiness);
  sessionHook(app, sessions, cookieConf);
  pageRendering(app, { views, plugins, csrfToken: pageCsrf(csrfSettings) });
  csrfGuard(app);
  errorHandling(app, views);
  assetRoutes(app, { themes, plugins });
  await coreRoutes(app, { services, cookie: cookieConf, config, plugins });
  await registerPluginRoutes(app, plugins, services);
  await apiModule(app, { services, registry: api, orm: db.orm });
  await staffModule(app, { orm: db.orm, services, plugins, secure: links.secure, sessionSecret: config.session.secret, lockoutAddresses: config.loginLockout.addresses });

  app.addHook('onResponse', (request, _reply, done) => {
    releaseEntityManager(request);
    done();
  });

  if (config.metrics.port !== undefined) {
    try {
      const port = await metrics.listen(config.metrics.host, config.metrics.port);
      app.log.info({ host: config.metrics.host, port }, 'metrics served at /metrics on their own port');
    } catch (err) {
      await app.close();
      await db.close();
      throw err;
    }
  }

  let stopMaintenance: (() => void) | undefined;
  let workersStarted = false;
  return {
    config,
    app,
    db,
    tenants,
    plugins,
    themes,
    services,
    readiness,
    startWorkers() {
      if (workersStarted) return;
      workersStarted = true;
      mail.start();
      services.scheduler.start();
      webhookQueue.start().catch((err) => app.log.error({ err }, 'webhook queue did not start'));
      stopMaintenance = startMaintenance(db.orm, sessions, app.log);
    },
    async close() {
      stopMaintenance?.();
      mail.stop();
      services.scheduler.stop();
      await webhookQueue.stop();
      await metrics.close();
      await app.close();
      await afterReply.settled();
      await db.close();
      await files.close();
    },
  };
}

/** The TCP port the portal listens on; undefined while it does not (requests injected in tests). */
function listeningPort(app: FastifyInstance): number | undefined {
  const address = app.server.listening ? app.server.address() : null;
  return address && typeof address === 'object' ? address.port : undefined;
}
