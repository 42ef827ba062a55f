import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { issueAccessKey } from '../../accounts/access-keys.ts';
import type { HostConfig } from '../../config/load-config.ts';
import type { Portal } from '../../portal.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { withPortal } from '../with-portal.ts';

export const usage = 'portal customer issue-key --tenant <id> --account <number> [--email address] [--config file]';
export const summary = "Email a customer a first-access key for an account (the key is never shown)";

export async function customerIssueKey(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, account: { type: 'string' }, email: { type: 'string' } },
    usage,
  );
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}.\nWithout --email the key goes to the email on file for the account.`);
    return 0;
  }
  const tenantId = requireOption(values.tenant, 'tenant', usage);
  const accountNumber = requireOption(values.account, 'account', usage);
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true });

  return withPortal(config, async (portal) => {
    const tenant = portal.tenants.get(tenantId);
    if (!tenant) throw new CliError(unknownTenant(portal, tenantId));
    const issued = await issueAccessKey(portal.services, portal.db.forTenant(tenant.id), tenant, {
      accountNumber,
      email: values.email,
      actor: { type: 'staff', id: operator() },
    });
    // Sent now rather than by the outbox worker, which runs only while the portal is started.
    await portal.services.mail.deliverDue();
    const row = await outboxRow(portal, tenant.id, issued.outboxId);
    if (row?.status !== 'sent') {
      io.err(`Access key queued for ${issued.email} (outbox #${issued.outboxId}) but not delivered: ${row?.last_error ?? 'unknown error'}`);
      io.err('The portal retries it while running.');
      return 1;
    }
    io.out(`Access key for account ${accountNumber} (${tenant.id}) sent to ${issued.email} (outbox #${issued.outboxId}).`);
    io.out(whereItWent(config, issued.outboxId, row.message_id));
    return 0;
  });
}

function unknownTenant(portal: Portal, id: string): string {
  const broken = portal.tenants.broken.get(id);
  if (broken) return `tenant "${id}" is not loaded because its file has errors:\n${broken.error}`;
  return `unknown tenant "${id}"; known: ${portal.tenants.list().map((t) => t.id).join(', ') || '(none)'}`;
}

async function outboxRow(portal: Portal, tenantId: string, id: number) {
  const rows = await portal.db.orm.em
    .fork()
    .getConnection()
    .execute<{ status: string; last_error: string | null; message_id: string | null }[]>(
      'SELECT status, last_error, message_id FROM mail_outbox WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
  return rows[0];
}

/** With the files transport the message is an .eml file to open; with SMTP, the server's id for it. */
function whereItWent(config: HostConfig, outboxId: number, messageId: string | null): string {
  if (config.mail.transport === 'smtp') return `Delivered by SMTP (${config.mail.smtp?.host}), message id ${messageId ?? 'unknown'}.`;
  const dir = join(config.dataDir, 'mail');
  const file = safeList(dir).find((f) => f.endsWith(`-${outboxId}.eml`));
  return file ? `Written to ${displayPath(join(dir, file))} (mail.transport: files).` : `Written under ${displayPath(dir)} (mail.transport: files).`;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Recorded in the audit log as the staff member who issued the key. */
function operator(): string {
  try {
    return `cli:${userInfo().username}`.slice(0, 64);
  } catch {
    return 'cli';
  }
}
