import { openStorage } from '../../storage/open-storage.ts';
import { migrateFiles, type MigrationTally } from '../../storage/migrate-files.ts';
import { parseStorageUrl, StorageUrlError } from '../../storage/storage-url.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { UsageError } from '../cli-error.ts';
import { processIo, type Io } from '../io.ts';
import { formatBytes, progressLine } from '../progress-bar.ts';

export const usage = 'portal storage migrate --to <url> [--config file]';
export const summary = 'Copy every stored file (attachments, receipts, photos, documents) to another store';

const HELP = `Usage: ${usage}

${summary}.

--to   the new store, in the form of storage.url:
         file:///srv/portal/files
         s3://bucket[/prefix]?endpoint=https://host&region=r&forcePathStyle=true
       S3 credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or any source the
       AWS SDK reads), for both stores.

Copies from the store storage.url (or PORTAL_STORAGE_URL) names now, keeping every key, one file
at a time as a stream. Files the target already holds with the same size are skipped, so the
command can be run again at any time: after an interruption it goes on where it stopped. Files
left under <dataDir>/uploads by older versions are copied too.

Then set storage.url (PORTAL_STORAGE_URL) to the new store on every node and restart them. Run
once more after switching to catch files uploaded during the copy. Exits 1 if any file failed.`;

export async function storageMigrate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { to: { type: 'string' } }, usage);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const to = requireOption(values.to, 'to', usage);
  try {
    parseStorageUrl(to);
  } catch (err) {
    if (err instanceof StorageUrlError) throw new UsageError(`--to: ${err.message}`, usage);
    throw err;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  if (to === config.storage.url) throw new UsageError(`--to names the store already in use (${to})`, usage);

  const source = openStorage(config.storage.url, { dataDir: config.dataDir });
  const target = openStorage(to);
  // A terminal gets a bar redrawn in place; a log file only the summary.
  const tty = io === processIo && process.stderr.isTTY === true;
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  try {
    io.out(`From ${source.description}`);
    io.out(`To   ${target.description}`);
    const tally = await migrateFiles(source, target, {
      signal: stop.signal,
      onProgress: tty ? (t) => process.stderr.write(`\r${progressLine(t.bytesDone, t.total.bytes, detail(t))}\x1b[K`) : undefined,
    });
    if (tty) process.stderr.write('\n');
    for (const f of tally.failures) io.err(`failed: ${f.key}: ${f.error}`);
    const handled = tally.copied + tally.skipped + tally.failed;
    io.out(`${tally.copied} copied, ${tally.skipped} skipped (already there), ${tally.failed} failed, of ${tally.total.files} files (${formatBytes(tally.total.bytes)}).`);
    if (stop.signal.aborted && handled < tally.total.files) {
      io.err(`interrupted after ${handled} of ${tally.total.files} files; run the same command again to go on.`);
      return 130;
    }
    if (tally.failed > 0) return 1;
    io.out(`Every file is in the new store. Now set storage.url (PORTAL_STORAGE_URL) to ${to} on every node.`);
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    await source.close();
    await target.close();
  }
}

function detail(t: MigrationTally): string {
  const handled = t.copied + t.skipped + t.failed;
  return `${handled}/${t.total.files} files, ${formatBytes(t.bytesDone)} of ${formatBytes(t.total.bytes)}${t.failed ? `, ${t.failed} failed` : ''}`;
}
