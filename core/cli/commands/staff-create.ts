import { STAFF_ROLES } from '../../plugins/define-plugin.ts';
import { createStaffUser, StaffUserError } from '../../staff/staff-users.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, UsageError } from '../cli-error.ts';
import type { Io } from '../io.ts';
import { withPortal } from '../with-portal.ts';

export const usage =
  `portal staff create --tenant <id> --email <email> --name <name> --role <${STAFF_ROLES.join('|')}> [--ask-password] [--config file]`;
export const summary = "Create an operator of a tenant's back office (the first administrator, typically)";

const HELP = `Usage: ${usage}

${summary}.

Prints a one-time password, to be replaced at the first login, unless --ask-password is given
(then it is asked for on the terminal, without echo). Either way the operator sets up two-step
verification (TOTP) at the first login, whatever the role.`;

export async function staffCreate(args: string[], io: Io, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'ask-password': { type: 'boolean' },
    },
    usage,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const tenantId = requireOption(values.tenant, 'tenant', usage);
  const email = requireOption(values.email, 'email', usage);
  const name = requireOption(values.name, 'name', usage);
  const role = requireOption(values.role, 'role', usage);
  if (!STAFF_ROLES.includes(role as never)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}`, usage);
  let password: string | undefined;
  if (values['ask-password']) {
    if (!input.isTTY) throw new UsageError('--ask-password needs a terminal; leave it out to get a one-time password', usage);
    password = await askHidden(input, `Password for ${email}: `);
    if (password !== (await askHidden(input, 'Repeat it: '))) throw new CliError('the passwords do not match');
  }

  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true });
  return withPortal(config, async (portal) => {
    const tenant = portal.tenants.get(tenantId);
    if (!tenant) {
      const broken = portal.tenants.broken.get(tenantId);
      throw new CliError(broken ? `tenant ${tenantId} does not load:\n${broken.error}` : `no tenant "${tenantId}" (see portal tenant list)`);
    }
    const em = portal.db.forTenant(tenant.id);
    try {
      const { user, oneTimePassword } = await createStaffUser(em, tenant.id, { email, name, role, password, totpRequired: true });
      portal.services.audit.recordWith(em, tenant.id, {
        action: 'staff.created',
        outcome: 'success',
        subject: user.email,
        actorType: 'system',
        details: { staffUserId: user.id, role: user.role, via: 'cli' },
      });
      await em.flush();
      io.out(`Created ${user.role} ${user.email} (id ${user.id}) in tenant ${tenant.id}.`);
      if (oneTimePassword) io.out(`One-time password: ${oneTimePassword}`);
      io.out(`At the first login they ${oneTimePassword ? 'replace it and ' : ''}set up two-step verification (TOTP):`);
      io.out(`  ${portal.services.links.absolute(tenant, '/staff/login')}`);
      return 0;
    } catch (err) {
      if (err instanceof StaffUserError) {
        // Password problems are worded for people in the locale files; the others name the value.
        throw new CliError(err.key.startsWith('password.') ? portal.services.views.catalog.t('en', err.key) : err.message);
      }
      throw err;
    }
  });
}

/** Reads one line from the terminal without echoing it. */
function askHidden(input: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}
