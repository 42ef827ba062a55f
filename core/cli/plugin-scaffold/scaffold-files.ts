import { sdkVersion } from '../../sdk/version.ts';

/** Lowercase letters, digits and single dashes, starting with a letter: what definePlugin accepts, minus `a--b` and `a-`. */
export const PLUGIN_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The files of a new plugin, path (relative to its folder) → content: a working example of each
 * part of the contract in docs/plugins.md, whose own test passes as written. `__name__` and the
 * other markers are filled in by `scaffoldFiles`, so the sources below read as the code they become.
 */
const FILES: Record<string, string> = {
  'plugin.ts': `import { definePlugin } from 'portal/sdk';
import { countPublished, publishDue } from './data/items.ts';
import { customerRoutes } from './routes.ts';
import { settingsSchema, type __Pascal__Settings } from './settings.ts';
import { staffRoutes } from './staff/routes.ts';

/**
 * __Title__. Made by \`portal plugin new\`: operators add items in the back office, a job publishes
 * them when they are due, customers see the published ones on a page and a dashboard card.
 */
export default definePlugin({
  name: '__name__',
  version: '0.1.0',
  sdk: '__sdk__',
  description: '__Title__',
  settings: settingsSchema,
  routes: customerRoutes,
  navigation: [{ id: '__name__', label: 'nav', href: '/__name__', icon: 'info', order: 700 }],
  dashboard: [
    {
      id: 'published',
      order: 700,
      template: '__name__/card',
      data: async ({ em, tenant, settings }) => {
        if (!(settings as unknown as __Pascal__Settings).showOnDashboard) return null;
        const count = await countPublished(em, tenant.id);
        return count > 0 ? { count } : null;
      },
    },
  ],
  permissions: [{ id: '__name__.manage', label: 'permission.manage', roles: ['support'] }],
  staffNavigation: [{ id: '__name__', label: 'nav', href: '/staff/__name__', icon: 'info', order: 700, permission: '__name__.manage' }],
  staffRoutes,
  jobs: [
    {
      name: 'publish',
      cron: '*/15 * * * *',
      run: async ({ em, tenant, slot }) => {
        await publishDue(em, tenant.id, slot);
      },
    },
  ],
});
`,

  'settings.ts': `import type { JsonSchema } from 'portal/sdk';

export interface __Pascal__Settings {
  heading: string;
  showOnDashboard: boolean;
}

/** \`plugins.__name__\` in a tenant file; ajv fills in the defaults. */
export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    heading: { type: 'string', default: '', description: 'A line shown above the list' },
    showOnDashboard: { type: 'boolean', default: true, description: 'Show the number of published items on the dashboard' },
  },
};
`,

  'data/items.ts': `import { sql, type EntityManager } from 'portal/sdk';

/** A row of \`__table__\` as the queries below return it. */
export interface ItemRow {
  id: number;
  title: string;
  starts_at: Date;
  published: boolean;
}

// Raw SQL sees every tenant's rows: each query names the tenant.

export async function publishedItems(em: EntityManager, tenantId: string): Promise<ItemRow[]> {
  return sql<ItemRow>(em, 'SELECT id, title, starts_at, published FROM __table__ WHERE tenant_id = ? AND published ORDER BY starts_at, id', [tenantId]);
}

export async function allItems(em: EntityManager, tenantId: string): Promise<ItemRow[]> {
  return sql<ItemRow>(em, 'SELECT id, title, starts_at, published FROM __table__ WHERE tenant_id = ? ORDER BY starts_at DESC, id DESC', [tenantId]);
}

export async function countPublished(em: EntityManager, tenantId: string): Promise<number> {
  const [row] = await sql<{ count: number }>(em, 'SELECT count(*)::int AS count FROM __table__ WHERE tenant_id = ? AND published', [tenantId]);
  return row.count;
}

export async function addItem(em: EntityManager, tenantId: string, title: string, startsAt: Date): Promise<void> {
  await sql(em, 'INSERT INTO __table__ (tenant_id, title, starts_at) VALUES (?, ?, ?)', [tenantId, title, startsAt]);
}

/** Publishes what is due at \`slot\`; running a slot twice changes nothing the second time. */
export async function publishDue(em: EntityManager, tenantId: string, slot: Date): Promise<void> {
  await sql(em, 'UPDATE __table__ SET published = true WHERE tenant_id = ? AND NOT published AND starts_at <= ?', [tenantId, slot]);
}
`,

  'routes.ts': `import type { FastifyInstance } from 'fastify';
import { formatDate, requireCustomer, type PluginRoutesContext } from 'portal/sdk';
import { publishedItems } from './data/items.ts';
import type { __Pascal__Settings } from './settings.ts';

/** The customer page: what the job has published, in the tenant's time zone. */
export async function customerRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  app.get('/__name__', { preHandler: requireCustomer }, async (request, reply) => {
    const { heading } = ctx.settings<__Pascal__Settings>(request);
    const items = (await publishedItems(request.em, request.tenant.id)).map((item) => ({
      title: item.title,
      startsAt: formatDate(item.starts_at, request.tenant.timezone, true),
    }));
    return reply.page('__name__/index', { items, heading }, { title: '__name__.title', section: '__name__' });
  });
}
`,

  'staff/routes.ts': `import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDate, localDateTime, zonedDateTime, type StaffRoutesContext } from 'portal/sdk';
import { addItem, allItems } from '../data/items.ts';

const PERMISSION = '__name__.manage';

interface NewItem {
  title: string;
  startsAt: string;
}

/** The back-office screen: every item, and a form to add one. Each route states its permission. */
export async function staffRoutes(app: FastifyInstance, ctx: StaffRoutesContext): Promise<void> {
  app.get('/__name__', { config: { permission: PERMISSION } }, async (request, reply) => listPage(request, reply));

  app.post<{ Body: NewItem }>(
    '/__name__',
    {
      config: { permission: PERMISSION },
      schema: {
        body: {
          type: 'object',
          required: ['title', 'startsAt'],
          properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, startsAt: { type: 'string' } },
        },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const title = request.validationError ? '' : request.body.title.trim();
      // A datetime-local value has no zone: it is a wall-clock time of the tenant's.
      const startsAt = request.validationError ? null : zonedDateTime(request.body.startsAt, request.tenant.timezone);
      if (!title || !startsAt) return listPage(request, reply, true);
      await addItem(request.em, request.tenant.id, title, startsAt);
      ctx.audit(request, { action: '__name__.added', outcome: 'success', subject: title });
      await request.em.flush();
      return reply.redirect('/staff/__name__', 303);
    },
  );
}

async function listPage(request: FastifyRequest, reply: FastifyReply, invalid = false) {
  const items = (await allItems(request.em, request.tenant.id)).map((item) => ({
    title: item.title,
    startsAt: formatDate(item.starts_at, request.tenant.timezone, true),
    published: item.published,
  }));
  const now = localDateTime(new Date(), request.tenant.timezone);
  return reply.staffPage('__name__/staff/list', { items, now, invalid }, { title: '__name__.title', section: '__name__', status: invalid ? 400 : 200 });
}
`,

  'migrations/001_init.sql': `-- Tables are prefixed with the plugin's name; every row a tenant owns has tenant_id.
CREATE TABLE __table__ (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  title varchar(200) NOT NULL,
  starts_at timestamptz NOT NULL,
  published boolean NOT NULL DEFAULT false
);
CREATE INDEX __table___tenant ON __table__ (tenant_id, starts_at, id);
`,

  'views/index.hbs': `<div class="page-header"><h1>{{t "__name__.title"}}</h1></div>
{{#if heading}}<p>{{heading}}</p>{{/if}}
<ul class="stack">
  {{#each items}}<li>{{> __name__/item}}</li>{{else}}<li class="muted">{{t "__name__.none"}}</li>{{/each}}
</ul>
`,

  'views/partials/item.hbs': `<strong>{{title}}</strong> · {{t "__name__.from"}} {{startsAt}}`,

  'views/card.hbs': `<h2 class="card-title">{{icon "info"}}<span>{{t "__name__.title"}}</span></h2>
<p class="card-value">{{count}}</p>
<p class="card-footer"><a href="/__name__">{{t "__name__.seeAll"}}</a></p>
`,

  'views/staff/list.hbs': `<div class="page-header"><div><h1>{{t "__name__.title"}}</h1></div></div>
{{#if invalid}}<div class="alert alert-error">{{t "__name__.invalid"}}</div>{{/if}}
<form class="form" method="post" action="/staff/__name__">
  <input type="hidden" name="_csrf" value="{{csrfToken}}">
  <div class="field"><label for="title">{{t "__name__.fieldTitle"}}</label><input id="title" name="title" required maxlength="200"></div>
  <div class="field"><label for="startsAt">{{t "__name__.fieldStartsAt"}}</label><input id="startsAt" name="startsAt" type="datetime-local" value="{{now}}" required></div>
  <button class="btn btn-primary" type="submit">{{t "__name__.add"}}</button>
</form>
<div class="table-wrap">
  <table class="table">
    {{#each items}}
    <tr><td>{{> __name__/item}}</td><td>{{#if published}}<span class="badge-success">{{t "__name__.published"}}</span>{{else}}<span class="badge-muted">{{t "__name__.draft"}}</span>{{/if}}</td></tr>
    {{else}}
    <tr><td class="muted">{{t "__name__.none"}}</td></tr>
    {{/each}}
  </table>
</div>
`,

  'locales/es-AR.json': `{
  "nav": "__Title__",
  "title": "__Title__",
  "none": "Todavía no hay nada publicado.",
  "from": "desde",
  "seeAll": "Ver todo",
  "published": "Publicado",
  "draft": "Borrador",
  "fieldTitle": "Título",
  "fieldStartsAt": "Desde",
  "add": "Agregar",
  "invalid": "Revisá el título y la fecha.",
  "permission": { "manage": "Gestionar __Title__" },
  "actions": { "added": "Agregó un elemento" }
}
`,

  'locales/en.json': `{
  "nav": "__Title__",
  "title": "__Title__",
  "none": "Nothing has been published yet.",
  "from": "from",
  "seeAll": "See all",
  "published": "Published",
  "draft": "Draft",
  "fieldTitle": "Title",
  "fieldStartsAt": "From",
  "add": "Add",
  "invalid": "Check the title and the date.",
  "permission": { "manage": "Manage __Title__" },
  "actions": { "added": "Added an item" }
}
`,

  'test-fixtures/tenants/alpha.yaml': `# Enables the plugin; beta.yaml does not.
id: alpha
name: Alpha Internet
hostnames: [portal.alpha.test]
locale: es-AR
locales: [es-AR, en]
timezone: America/Argentina/Salta
plugins:
  __name__: { heading: Lo que viene }
`,

  'test-fixtures/tenants/beta.yaml': `id: beta
name: Beta Net
hostnames: [portal.beta.test]
plugins: {}
`,

  'tests/__name__.test.ts': `import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createStaff, loginStaff, query, runJob, seedCustomer, startTestPortal, type TestPortal } from 'portal/testing';

const PLUGIN = join(import.meta.dirname, '..');
const HOST = 'portal.alpha.test';
let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(PLUGIN, 'test-fixtures/tenants'), pluginPaths: [PLUGIN] });
});
afterAll(async () => portal?.dispose());

describe('__name__', () => {
  it('lets support add an item, publishes it with the job, and shows it to customers in their language', async () => {
    const support = await loginStaff(portal, HOST, await createStaff(portal, 'alpha', { role: 'support' }));
    expect((await support.get('/staff/__name__')).statusCode).toBe(200);
    // 14:30 in Salta is 17:30 UTC.
    expect((await support.post('/staff/__name__', { title: 'Corte programado', startsAt: '2026-03-09T14:30' })).statusCode).toBe(303);
    const stored = "SELECT tenant_id, title, to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS starts_utc, published FROM __table__";
    expect(await query(portal, stored)).toEqual([{ tenant_id: 'alpha', title: 'Corte programado', starts_utc: '2026-03-09 17:30', published: false }]);

    const customer = await seedCustomer(portal.db, { tenantId: 'alpha', email: 'ana@alpha.test', password: 'mate amargo con bizcochitos' });
    const client = new Client(portal.app, HOST);
    expect((await client.login(customer.email, customer.password)).statusCode).toBe(303);
    expect((await client.get('/__name__')).body).toContain('Todavía no hay nada publicado.');

    expect(await runJob(portal, { plugin: '__name__', name: 'publish', tenant: 'alpha' })).toEqual([true]);
    const page = await client.get('/__name__');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lo que viene');
    expect(page.body).toContain('<strong>Corte programado</strong> · desde 09/03/2026 14:30');
    expect((await client.get('/__name__?lang=en')).body).toContain('<strong>Corte programado</strong> · from 09/03/2026 14:30');
    expect((await client.get('/dashboard')).body).toMatch(/<p class="card-value">1<\\/p>/);
  });

  it('keeps its staff screen to operators holding __name__.manage', async () => {
    const billing = await loginStaff(portal, HOST, await createStaff(portal, 'alpha', { role: 'billing' }));
    expect((await billing.get('/staff/__name__')).statusCode).toBe(403);
  });

  it('answers 404 on a tenant that does not enable it', async () => {
    expect((await new Client(portal.app, 'portal.beta.test').get('/__name__')).statusCode).toBe(404);
  });
});
`,
};

export interface ScaffoldNames {
  name: string;
  /** \`OutageNotices\` for \`outage-notices\`. */
  pascal: string;
  /** \`Outage notices\`: the first guess at what people read; the author rewrites the strings. */
  title: string;
  /** \`outage_notices_items\`: tables carry the plugin's name. */
  table: string;
}

export function scaffoldNames(name: string): ScaffoldNames {
  const words = name.split('-');
  return {
    name,
    pascal: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    title: words.join(' ').replace(/^./, (c) => c.toUpperCase()),
    table: `${words.join('_')}_items`,
  };
}

/** The new plugin's files, path → content, for a name PLUGIN_NAME accepts. */
export function scaffoldFiles(name: string): Map<string, string> {
  const n = scaffoldNames(name);
  // The running SDK's minor: the plugin may use everything this portal's SDK has.
  const [major, minor] = sdkVersion.split('.');
  const fill = (text: string) =>
    text
      .replaceAll('__Pascal__', n.pascal)
      .replaceAll('__Title__', n.title)
      .replaceAll('__table__', n.table)
      .replaceAll('__sdk__', `^${major}.${minor}.0`)
      .replaceAll('__name__', n.name);
  return new Map(Object.entries(FILES).map(([path, text]) => [fill(path), fill(text)]));
}
