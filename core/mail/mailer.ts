import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Brand, Locale, Tenant } from '../tenants/tenant.ts';
import type { ViewEngine } from '../views/view-engine.ts';
import type { MailTransport } from './transport.ts';
import { htmlToText } from './html-to-text.ts';
import { senderOf } from './sender.ts';
import { isPermanentFailure } from './delivery-failure.ts';
import { mailLogo } from './mail-logo.ts';
import { inLocale } from '../i18n/localized-text.ts';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Shown inside the HTML part (`<img src="cid:…">`) rather than offered as a file. */
  cid?: string;
}

export interface MailRequest {
  tenant: Tenant;
  brand?: Brand;
  to: string;
  locale?: Locale;
  /** Template under the theme chain, e.g. `emails/password-reset` or `invoices/emails/new-invoice`. */
  template: string;
  /** i18n key of the subject; `subjectParams` fill its placeholders. */
  subject: string;
  subjectParams?: Record<string, unknown>;
  data?: Record<string, unknown>;
  attachments?: Attachment[];
}

const MAX_ATTEMPTS = 8;

interface MailerDeps {
  orm: MikroORM;
  views: ViewEngine;
  transport: MailTransport;
  from: string;
  log: { error(obj: unknown, msg: string): void };
}

/**
 * Durable outbox. `queue` renders the message and inserts it with the caller's entity manager,
 * so it commits or rolls back with the change it reports; `deliverDue` sends what is due (a temporary
 * failure is retried with backoff, a permanent one fails at once), with
 * `FOR UPDATE SKIP LOCKED` so several portal processes never send one message twice.
 */
export class Mailer {
  #timer?: NodeJS.Timeout;
  #running = false;

  private readonly deps: MailerDeps;

  constructor(deps: MailerDeps) {
    this.deps = deps;
  }

  render(req: MailRequest): { subject: string; html: string; text: string; logo: Attachment | null } {
    const brand = req.brand ?? req.tenant.brands[0];
    const locale = req.locale ?? req.tenant.locale;
    const catalog = this.deps.views.catalogFor(req.tenant);
    const subject = catalog.t(locale, req.subject, req.subjectParams);
    const { replyTo } = senderOf(brand, this.deps.from);
    const logo = mailLogo(req.tenant, brand);
    const data = {
      ...req.data,
      locale,
      currency: req.tenant.currency,
      timezone: req.tenant.timezone,
      title: subject,
      tenant: { id: req.tenant.id, name: req.tenant.name },
      brand: { id: brand.id, name: brand.name, contact: inLocale(brand.contact, locale) },
      brandColors: brand.branding.colors,
      replyTo,
      logoCid: logo?.cid,
    };
    const body = this.deps.views.render(req.tenant, req.template, data, false);
    const html = this.deps.views.render(req.tenant, req.template, data, 'email');
    // Where replies go is worth saying in the text part too (all some clients show); the HTML
    // footer's "do not reply", when nobody reads replies, is left to that footer.
    const text = htmlToText(body);
    return { subject, html, text: replyTo ? `${text}\n\n${catalog.t(locale, 'theme.emailReplyTo', { address: replyTo })}` : text, logo };
  }

  async queue(em: EntityManager, req: MailRequest): Promise<number> {
    const { subject, html, text, logo } = this.render(req);
    const sender = senderOf(req.brand ?? req.tenant.brands[0], this.deps.from);
    const attachments = [...(logo ? [logo] : []), ...(req.attachments ?? [])].map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content.toString('base64'),
      ...(a.cid ? { cid: a.cid } : {}),
    }));
    const rows = await em.getConnection().execute<{ id: number }[]>(
      `INSERT INTO mail_outbox (tenant_id, to_address, from_address, reply_to, subject, html, text, attachments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id`,
      [req.tenant.id, req.to, sender.from, sender.replyTo, subject, html, text, JSON.stringify(attachments)],
      'all',
      em.getTransactionContext(),
    );
    return Number(rows[0].id);
  }

  /** Sends up to `limit` due messages; returns how many were sent. */
  async deliverDue(limit = 20): Promise<number> {
    let sent = 0;
    await this.deps.orm.em.fork().transactional(async (em) => {
      const conn = em.getConnection();
      const ctx: unknown = em.getTransactionContext();
      const due = await conn.execute<{
        id: number | string; to_address: string; from_address: string | null; reply_to: string | null; subject: string; html: string; text: string;
        attachments: { filename: string; contentType: string; content: string; cid?: string }[]; attempts: number | string;
      }[]>(
        `SELECT id, to_address, from_address, reply_to, subject, html, text, attachments, attempts FROM mail_outbox
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [limit], 'all', ctx,
      );
      for (const row of due) {
        try {
          const messageId = await this.deps.transport.deliver(
            {
              from: row.from_address ?? this.deps.from,
              replyTo: row.reply_to ?? undefined,
              to: row.to_address,
              subject: row.subject,
              html: row.html,
              text: row.text,
              attachments: row.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
            },
            Number(row.id),
          );
          await conn.execute(
            `UPDATE mail_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, message_id = ? WHERE id = ?`,
            [messageId, row.id], 'run', ctx,
          );
          sent++;
        } catch (err) {
          const attempts = Number(row.attempts) + 1;
          const failed = attempts >= MAX_ATTEMPTS || isPermanentFailure(err);
          this.deps.log.error({ err, outboxId: row.id, attempts }, 'mail delivery failed');
          await conn.execute(
            `UPDATE mail_outbox SET attempts = ?, last_error = ?, status = ?,
               next_attempt_at = now() + (? * interval '1 minute') WHERE id = ?`,
            [attempts, String((err as Error).message).slice(0, 1000), failed ? 'failed' : 'pending', 2 ** attempts, row.id],
            'run', ctx,
          );
        }
      }
    });
    return sent;
  }

  start(intervalMs = 2000): void {
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = true;
      this.deliverDue()
        .catch((err: unknown) => this.deps.log.error({ err }, 'mail outbox tick failed'))
        .finally(() => (this.#running = false));
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
