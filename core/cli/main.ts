// The portal's commands; core/cli/portal.ts is the entry point that runs them.
import { UsageError } from './cli-error.ts';
import type { Io } from './io.ts';
import { reportError } from './report-error.ts';

type Command = { name: string; usage: string; summary: string; run: (args: string[], io: Io) => Promise<number> };

type LazyCommand = { name: string; load: () => Promise<Command> };

/** A command's module: its usage line, its summary, and the function `run` names. */
type CommandModule<K extends string> = { usage: string; summary: string } & Record<K, Command['run']>;

function lazy<K extends string>(name: string, load: () => Promise<CommandModule<NoInfer<K>>>, run: K): LazyCommand {
  return {
    name,
    load: async () => {
      const m = await load();
      return { name, usage: m.usage, summary: m.summary, run: m[run] };
    },
  };
}

/**
 * Core's commands, each module imported only when its command runs or --help lists them: most
 * of them import the whole portal, which a usage error or `plugin new` has no use for, and
 * importing is most of what a short command's process spends.
 */
const CORE: LazyCommand[] = [
  lazy('start', () => import('./commands/start.ts'), 'start'),
  lazy('migrate', () => import('./commands/migrate.ts'), 'migrate'),
  lazy('tenant validate', () => import('./commands/tenant-validate.ts'), 'tenantValidate'),
  lazy('tenant list', () => import('./commands/tenant-list.ts'), 'tenantList'),
  lazy('tenant schema', () => import('./commands/tenant-schema.ts'), 'tenantSchema'),
  lazy('theme check', () => import('./commands/theme-check.ts'), 'themeCheck'),
  lazy('plugin new', () => import('./commands/plugin-new.ts'), 'pluginNew'),
  lazy('plugin check', () => import('./commands/plugin-check.ts'), 'pluginCheck'),
  lazy('seed demo', () => import('./commands/seed-demo.ts'), 'seedDemoCommand'),
  lazy('customer issue-key', () => import('./commands/customer-issue-key.ts'), 'customerIssueKey'),
  lazy('staff create', () => import('./commands/staff-create.ts'), 'staffCreate'),
  lazy('api-key create', () => import('./commands/api-key-create.ts'), 'apiKeyCreate'),
  lazy('import', () => import('./commands/import.ts'), 'importCommand'),
  lazy('storage migrate', () => import('./commands/storage-migrate.ts'), 'storageMigrate'),
];

/** The plugins' commands, for when no core command matches or for --help: finding them reads the configuration and loads every plugin. */
async function pluginCommands(argv: string[]): Promise<Command[]> {
  return (await import('./plugin-commands.ts')).pluginCommands(argv);
}

function help(commands: Command[], pluginProblem?: string): string {
  return [
    'Usage: portal <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => [`  ${c.usage.replace(/^portal /, '').replace(/ \[--config file\]$/, '')}`, `      ${c.summary}`]),
    ...(pluginProblem ? ['', `(The plugins' commands are not listed: ${pluginProblem})`] : []),
    '',
    'Every command accepts --config <file> (default: config/portal.yaml) and --help.',
  ].join('\n');
}

/** Runs one command line and returns the exit code; tests call it with their own Io. */
export async function main(argv: string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const plugins = await pluginCommands(argv).then(
      (commands) => ({ commands, problem: undefined }),
      (err: Error) => ({ commands: [], problem: err.message.split('\n')[0] }),
    );
    io.out(help([...(await Promise.all(CORE.map((c) => c.load()))), ...plugins.commands], plugins.problem));
    return argv.length === 0 ? 2 : 0;
  }
  try {
    // Commands are one or two words; the longest name that matches wins. Core's come first, and
    // only when none matches are the plugins loaded to look for theirs.
    const core = findCommand(CORE, argv);
    let command = core && (await core.load());
    if (!command) {
      const plugins = await pluginCommands(argv);
      command = findCommand(plugins, argv);
      if (!command) throw new UsageError(unknownCommand([...CORE, ...plugins], argv));
    }
    return await command.run(argv.slice(command.name.split(' ').length), io);
  } catch (err) {
    const code = reportError(err, io);
    if (err instanceof UsageError && !err.usage) io.err(`Run "portal --help" for the list of commands.`);
    return code;
  }
}

function findCommand<C extends { name: string }>(commands: C[], argv: string[]): C | undefined {
  return commands.find((c) => c.name === argv.slice(0, 2).join(' ')) ?? commands.find((c) => c.name === argv[0]);
}

function unknownCommand(commands: { name: string }[], argv: string[]): string {
  const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
  if (group.length > 0) {
    const sub = argv[1] && !argv[1].startsWith('-') ? `"${argv[1]}" is not a ${argv[0]} command; ` : '';
    return `${sub}${argv[0]} commands: ${group.map((c) => c.name.split(' ')[1]).join(', ')}`;
  }
  return `unknown command "${argv[0]}"`;
}
