import { createApiKey, DEFAULT_RATE_LIMIT } from '../../api/api-keys.ts';
import { parseScopes } from '../../api/scopes.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, UsageError } from '../cli-error.ts';
import { cliOperator } from '../../api/cli-operator.ts';
import type { Io } from '../io.ts';
import { withPortal } from '../with-portal.ts';

export const usage = 'portal api-key create --tenant <id> --name <name> --scopes <resource:read|write,…> [--rate-limit n] [--config file]';
export const summary = "Create an API key for a tenant's billing system (the key is printed once)";

const HELP = `Usage: ${usage}

${summary}.

--scopes    comma-separated <resource>:read or <resource>:write (write includes read), e.g.
            customers:write,accounts:write,invoices:write,readings:read
--rate-limit  requests per minute and portal process (default ${DEFAULT_RATE_LIMIT})

Only a SHA-256 fingerprint of the key is stored: copy it from the output now. Keys are listed and
revoked in the back office (API and webhooks).`;

export async function apiKeyCreate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { tenant: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, 'rate-limit': { type: 'string' } }, usage);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const tenantId = requireOption(values.tenant, 'tenant', usage);
  const name = requireOption(values.name, 'name', usage).trim();
  const requested = requireOption(values.scopes, 'scopes', usage).split(',');
  const rateLimit = values['rate-limit'] === undefined ? DEFAULT_RATE_LIMIT : Number(values['rate-limit']);
  if (!Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > 1_000_000) throw new UsageError('--rate-limit must be a whole number from 1 to 1000000', usage);
  if (name.length > 100) throw new UsageError('--name is longer than 100 characters', usage);

  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true });
  return withPortal(config, async (portal) => {
    const tenant = portal.tenants.get(tenantId);
    if (!tenant) {
      const broken = portal.tenants.broken.get(tenantId);
      throw new CliError(broken ? `tenant ${tenantId} does not load:\n${broken.error}` : `no tenant "${tenantId}" (see portal tenant list)`);
    }
    const { scopes, problems } = parseScopes(requested, portal.services.api.resources(tenant).map((r) => r.name));
    if (problems.length) throw new UsageError(`--scopes: ${problems.join('; ')}`, usage);
    const em = portal.db.forTenant(tenant.id);
    const operator = cliOperator();
    const created = await createApiKey(em, tenant.id, { name, scopes, rateLimit, createdBy: operator });
    portal.services.audit.recordWith(em, tenant.id, {
      action: 'api.key-created',
      outcome: 'success',
      subject: created.prefix,
      actorType: 'system',
      actorId: operator,
      details: { keyId: created.id, name, scopes, rateLimit, via: 'cli' },
    });
    await em.flush();
    io.out(`Created API key "${name}" (${created.prefix}…) for tenant ${tenant.id} with ${scopes.join(', ')}, ${rateLimit} requests/min.`);
    io.out('');
    io.out(`  ${created.key}`);
    io.out('');
    io.out('This is the only time the key is shown: store it in the system that will use it.');
    io.out(`API: ${portal.services.links.absolute(tenant, '/api/v1')}  docs: ${portal.services.links.absolute(tenant, '/api/docs')}`);
    return 0;
  });
}
