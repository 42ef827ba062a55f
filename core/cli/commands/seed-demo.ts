import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { seedDemo } from '../demo-seed.ts';
import type { Io } from '../io.ts';
import { formatTable } from '../table.ts';
import { withPortal } from '../with-portal.ts';

export const usage = 'portal seed demo [--config file]';
export const summary = 'Create (or reset) the demo customers, accounts and services; safe to run again';

export async function seedDemoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {}, usage);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}.`);
    return 0;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true });
  const result = await withPortal(config, (portal) => seedDemo(portal));
  io.out(formatTable(
    ['TENANT', 'ACCOUNT', 'PASSWORD', 'CUSTOMER'],
    result.logins.map((l) => [l.tenantId, l.accountNumbers.join(', '), l.password, l.name]),
  ));
  for (const s of result.skipped) io.err(`demo tenant "${s.tenantId}" not seeded: ${s.reason}`);
  return result.skipped.length > 0 ? 1 : 0;
}
