// The portal's commands; core/cli/portal.ts is the entry point that runs them.
import { UsageError } from './cli-error.ts';
import { processIo, type Io } from './io.ts';
import { reportError } from './report-error.ts';
import { pluginCommands } from './plugin-commands.ts';
import * as apiKeyCreate from './commands/api-key-create.ts';
import * as customerIssueKey from './commands/customer-issue-key.ts';
import * as importFile from './commands/import.ts';
import * as migrate from './commands/migrate.ts';
import * as pluginCheck from './commands/plugin-check.ts';
import * as pluginNew from './commands/plugin-new.ts';
import * as seedDemo from './commands/seed-demo.ts';
import * as staffCreate from './commands/staff-create.ts';
import * as start from './commands/start.ts';
import * as storageMigrate from './commands/storage-migrate.ts';
import * as tenantList from './commands/tenant-list.ts';
import * as tenantSchema from './commands/tenant-schema.ts';
import * as tenantValidate from './commands/tenant-validate.ts';
import * as themeCheck from './commands/theme-check.ts';

type Command = { name: string; usage: string; summary: string; run: (args: string[], io: Io) => Promise<number> };

const COMMANDS: Command[] = [
  { name: 'start', usage: start.usage, summary: start.summary, run: start.start },
  { name: 'migrate', usage: migrate.usage, summary: migrate.summary, run: migrate.migrate },
  { name: 'tenant validate', usage: tenantValidate.usage, summary: tenantValidate.summary, run: tenantValidate.tenantValidate },
  { name: 'tenant list', usage: tenantList.usage, summary: tenantList.summary, run: tenantList.tenantList },
  { name: 'tenant schema', usage: tenantSchema.usage, summary: tenantSchema.summary, run: tenantSchema.tenantSchema },
  { name: 'theme check', usage: themeCheck.usage, summary: themeCheck.summary, run: themeCheck.themeCheck },
  { name: 'plugin new', usage: pluginNew.usage, summary: pluginNew.summary, run: pluginNew.pluginNew },
  { name: 'plugin check', usage: pluginCheck.usage, summary: pluginCheck.summary, run: pluginCheck.pluginCheck },
  { name: 'seed demo', usage: seedDemo.usage, summary: seedDemo.summary, run: seedDemo.seedDemoCommand },
  { name: 'customer issue-key', usage: customerIssueKey.usage, summary: customerIssueKey.summary, run: customerIssueKey.customerIssueKey },
  { name: 'staff create', usage: staffCreate.usage, summary: staffCreate.summary, run: staffCreate.staffCreate },
  { name: 'api-key create', usage: apiKeyCreate.usage, summary: apiKeyCreate.summary, run: apiKeyCreate.apiKeyCreate },
  { name: 'import', usage: importFile.usage, summary: importFile.summary, run: importFile.importCommand },
  { name: 'storage migrate', usage: storageMigrate.usage, summary: storageMigrate.summary, run: storageMigrate.storageMigrate },
];

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
    io.out(help([...COMMANDS, ...plugins.commands], plugins.problem));
    return argv.length === 0 ? 2 : 0;
  }
  try {
    // Commands are one or two words; the longest name that matches wins. Core's come first, and
    // only when none matches are the plugins loaded to look for theirs.
    let command = findCommand(COMMANDS, argv);
    if (!command) {
      const all = [...COMMANDS, ...(await pluginCommands(argv))];
      command = findCommand(all, argv);
      if (!command) throw new UsageError(unknownCommand(all, argv));
    }
    return await command.run(argv.slice(command.name.split(' ').length), io);
  } catch (err) {
    const code = reportError(err, io);
    if (err instanceof UsageError && !err.usage) io.err(`Run "portal --help" for the list of commands.`);
    return code;
  }
}

function findCommand(commands: Command[], argv: string[]): Command | undefined {
  return commands.find((c) => c.name === argv.slice(0, 2).join(' ')) ?? commands.find((c) => c.name === argv[0]);
}

function unknownCommand(commands: Command[], argv: string[]): string {
  const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
  if (group.length > 0) {
    const sub = argv[1] && !argv[1].startsWith('-') ? `"${argv[1]}" is not a ${argv[0]} command; ` : '';
    return `${sub}${argv[0]} commands: ${group.map((c) => c.name.split(' ')[1]).join(', ')}`;
  }
  return `unknown command "${argv[0]}"`;
}
