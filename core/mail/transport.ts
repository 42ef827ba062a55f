import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from '../config/load-config.ts';
import { lazyModule } from '../lazy-module.ts';

/** Loaded with the first message sent, not at start. */
const nodemailer = lazyModule(async () => (await import('nodemailer')).default);

export interface OutgoingMessage {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer; cid?: string }[];
}

export interface MailTransport {
  deliver(msg: OutgoingMessage, id: number): Promise<string>;
}

/** SMTP in production; in development each message becomes an `.eml` file you can open. */
export function createTransport(config: HostConfig, log: { info(obj: unknown, msg: string): void }): MailTransport {
  if (config.mail.transport === 'smtp' && config.mail.smtp) {
    const smtp = config.mail.smtp;
    const transporter = lazyModule(async () =>
      (await nodemailer()).createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTLS,
        auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
      }),
    );
    return { deliver: async (msg) => (await (await transporter()).sendMail(msg)).messageId };
  }
  const dir = join(config.dataDir, 'mail');
  const transporter = lazyModule(async () => (await nodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    async deliver(msg, id) {
      const info = await (await transporter()).sendMail(msg);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      writeFileSync(file, info.message as Buffer);
      const link = msg.text.match(/https?:\/\/\S+/)?.[0];
      log.info({ to: msg.to, subject: msg.subject, file, link }, 'mail written to file');
      return info.messageId;
    },
  };
}
