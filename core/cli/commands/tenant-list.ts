import { loadInstall } from '../../portal.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { formatTable } from '../table.ts';

export const usage = 'portal tenant list [--config file]';
export const summary = 'List tenants with their hostnames, brands, plugins and whether their file loads';

export async function tenantList(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {}, usage);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}.`);
    return 0;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  const { tenants } = await loadInstall(config);

  const rows: { id: string; cells: string[] }[] = [];
  for (const t of tenants.list()) {
    rows.push({
      id: t.id,
      cells: [
        t.id,
        t.name,
        t.hostnames.join(', '),
        t.brands.slice(1).map((b) => b.id).join(', ') || '-',
        [...t.plugins.keys()].join(', ') || '-',
        'ok',
      ],
    });
  }
  for (const b of tenants.broken.values()) {
    // The registry adds `<id>.localhost` and `<brand id>.localhost` outside production; only what the file says belongs here.
    const hostnames = b.hostnames.filter((h) => !h.endsWith('.localhost'));
    rows.push({ id: b.id, cells: [b.id, '-', hostnames.join(', ') || '-', '-', '-', `broken: ${b.error.split('\n')[0]}`] });
  }
  if (rows.length === 0) {
    io.out(`No tenant files in ${displayPath(config.tenantsDir)}.`);
    return 0;
  }
  rows.sort((a, b) => a.id.localeCompare(b.id));
  io.out(formatTable(['ID', 'NAME', 'HOSTNAMES', 'BRANDS', 'PLUGINS', 'STATUS'], rows.map((r) => r.cells)));
  return 0;
}
