import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Portal } from '../../core/portal.ts';

/**
 * The emails to `to` as a mail client reads them: the outbox is delivered (the development
 * transport writes one .eml file per message under `<dataDir>/mail`) and each file is parsed with
 * mailparser, so a test sees the MIME parts, headers and inline images a customer would get.
 */
export async function deliveredEmails(portal: Portal, to: string): Promise<ParsedMail[]> {
  await portal.services.afterReply.settled();
  while ((await portal.services.mail.deliverDue()) > 0);
  const dir = join(portal.config.dataDir, 'mail');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  const parsed = await Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
  return parsed.filter((m) => addressesOf(m.to).includes(to.toLowerCase()));
}

function addressesOf(to: ParsedMail['to']): string[] {
  const list = Array.isArray(to) ? to : to ? [to] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}
