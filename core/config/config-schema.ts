import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type RuntimeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  user?: string;
  pass?: string;
}

export interface HostConfig {
  env: RuntimeEnv;
  port: number;
  host: string;
  /** Its scheme and port are combined with each tenant's own hostname to build links in emails. */
  publicBaseUrl: string;
  /** Absolute once loaded, like every path below. */
  dataDir: string;
  tenantsDir: string;
  themesDir: string;
  /** Folders holding one plugin per sub-folder, or one plugin's own folder. */
  pluginPaths: string[];
  /** npm package names that export a plugin, looked up from the portal's folder, then from each of pluginPaths. */
  pluginPackages: string[];
  /** A broken tenant file: answer 503 for that tenant only, or refuse to start. */
  tenantErrors: 'isolate' | 'refuse';
  /** `url` undefined means embedded PostgreSQL in `<dataDir>/pglite`. */
  database: { url?: string; poolSize: number; connectTimeoutMs: number; queryTimeoutMs: number };
  /** Where customer files go; always set once loaded (default `file://<dataDir>/files`). */
  storage: { url: string };
  mail: { transport: 'files' | 'smtp'; from: string; smtp?: SmtpConfig };
  session: { secret: string; idleMinutes: number; absoluteHours: number };
  /** Failed logins on one account from this many addresses within the window lock it for everyone. */
  loginLockout: { addresses: number };
  /** Number of reverse-proxy hops whose X-Forwarded-* headers are believed. */
  trustProxy: number;
  /** Prometheus /metrics on a listener of its own; `port` undefined: no listener. */
  metrics: { port?: number; host: string };
  logLevel: LogLevel;
}

const folder = (description: string, fallback: string) => ({
  type: 'string',
  minLength: 1,
  default: fallback,
  description: `${description} Relative paths resolve against the portal's root folder.`,
});

/**
 * Schema of config/portal.yaml, not of HostConfig: every setting is optional and carries its
 * default, and secrets are optional because they normally come from the environment.
 */
export const hostConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Portal host configuration',
  description:
    'Host-wide settings (config/portal.yaml). Secrets belong in the environment: DATABASE_URL, PORTAL_SESSION_SECRET, SMTP_PASS, AWS_SECRET_ACCESS_KEY.',
  type: 'object',
  additionalProperties: false,
  properties: {
    env: {
      enum: ['development', 'production', 'test'],
      default: 'development',
      description: 'Runtime environment; NODE_ENV wins when set to one of these values.',
    },
    port: {
      type: 'integer',
      minimum: 0,
      maximum: 65535,
      default: 3000,
      description: 'TCP port to listen on (0: any free port); PORT wins.',
    },
    host: { type: 'string', minLength: 1, default: '0.0.0.0', description: 'Address to listen on.' },
    publicBaseUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      default: 'http://localhost:3000',
      description:
        "Its scheme and port are used with each tenant's own hostname to build links in emails; PORTAL_PUBLIC_BASE_URL wins.",
    },
    dataDir: folder('Runtime data: embedded database, outgoing mail files, session secret. PORTAL_DATA_DIR wins.', 'data'),
    tenantsDir: folder('Folder of tenant files.', 'tenants'),
    themesDir: folder('Folder of themes.', 'themes'),
    pluginPaths: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: ['plugins'],
      description: "Folders holding one plugin per sub-folder (or a plugin's own folder). Relative paths resolve against the portal's root folder; npm packages named in pluginPackages are looked up from the portal's folder, then from these.",
    },
    pluginPackages: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      default: [],
      description: 'npm package names that export a plugin.',
    },
    tenantErrors: {
      enum: ['isolate', 'refuse'],
      default: 'isolate',
      description: 'A broken tenant file: answer 503 for that tenant only (isolate), or refuse to start (refuse).',
    },
    database: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        url: {
          type: 'string',
          format: 'uri',
          description: 'PostgreSQL URL; DATABASE_URL wins. Unset: embedded PostgreSQL in <dataDir>/pglite.',
        },
        poolSize: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Database connections per process.' },
        connectTimeoutMs: {
          type: 'integer',
          minimum: 100,
          maximum: 600_000,
          default: 5000,
          description: 'A request waiting longer than this for a database connection (new, or free in the pool) fails instead of hanging.',
        },
        queryTimeoutMs: {
          type: 'integer',
          minimum: 0,
          maximum: 3_600_000,
          default: 30_000,
          description: 'A query without an answer after this long fails (the server also stops it); 0: no limit. Serving nodes only: `portal migrate`, `import` and every other command run without it.',
        },
      },
    },
    storage: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        url: {
          type: 'string',
          minLength: 1,
          description:
            'Where customer files (attachments, receipts, photos, documents) are kept; PORTAL_STORAGE_URL wins. file:///absolute/folder, or s3://bucket[/prefix]?endpoint=https://host&region=r&forcePathStyle=true for any S3-compatible store, with credentials from the AWS_* variables. Unset: file://<dataDir>/files.',
        },
      },
    },
    mail: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        transport: {
          enum: ['files', 'smtp'],
          default: 'files',
          description: 'files: write each message to a file under dataDir instead of sending it (development).',
        },
        from: { type: 'string', minLength: 1, default: 'Portal <no-reply@localhost>', description: 'Default sender.' },
        smtp: {
          type: 'object',
          additionalProperties: false,
          required: ['host'],
          properties: {
            host: { type: 'string', minLength: 1 },
            port: { type: 'integer', minimum: 1, maximum: 65535, default: 587 },
            secure: { type: 'boolean', default: false, description: 'TLS from the first byte (usually port 465).' },
            requireTLS: { type: 'boolean', default: false, description: 'Refuse to send unless the server upgrades the connection with STARTTLS (port 587).' },
            user: { type: 'string' },
            pass: { type: 'string', description: 'Prefer SMTP_PASS, which wins.' },
          },
        },
      },
      if: { properties: { transport: { const: 'smtp' } }, required: ['transport'] },
      then: { required: ['smtp'] },
    },
    session: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        secret: {
          type: 'string',
          minLength: 32,
          description:
            'Prefer PORTAL_SESSION_SECRET, which wins. Unset outside production: generated once into <dataDir>/session-secret.',
        },
        idleMinutes: { type: 'integer', minimum: 1, default: 30, description: 'Sign out after this much inactivity.' },
        absoluteHours: { type: 'integer', minimum: 1, default: 12, description: 'Sign out this long after signing in.' },
      },
    },
    loginLockout: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        addresses: {
          type: 'integer',
          minimum: 2,
          default: 10,
          description:
            'Failed logins on one account (customer or staff) from this many IP addresses within 15 minutes lock it for 15 minutes and email its holder. Fewer sources only slow themselves down.',
        },
      },
    },
    trustProxy: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Number of reverse proxies in front of the portal whose X-Forwarded-* headers are trusted.',
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        port: {
          type: 'integer',
          minimum: 0,
          maximum: 65535,
          description:
            'Serve Prometheus metrics at GET /metrics on this port (0: any free port), never on the public one; PORTAL_METRICS_PORT wins. Unset: no metrics listener.',
        },
        host: {
          type: 'string',
          minLength: 1,
          default: '127.0.0.1',
          description: 'Address of the metrics listener; keep it private (loopback or an internal network).',
        },
      },
    },
    logLevel: {
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'PORTAL_LOG_LEVEL wins.',
    },
  },
} as const;

export function configSchemaJson(): string {
  return `${JSON.stringify(hostConfigSchema, null, 2)}\n`;
}

/** The committed config/portal.schema.json is produced by this, for editors' YAML support. */
export function writeConfigSchema(path: string): void {
  writeFileSync(path, configSchemaJson());
}

if (import.meta.main) {
  writeConfigSchema(fileURLToPath(new URL('../../config/portal.schema.json', import.meta.url)));
}
