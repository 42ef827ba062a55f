import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';
import type { ActorType, MessageKind, TicketStatus } from '../entities.ts';

export interface Actor {
  type: ActorType;
  /** Customer or staff id; null for the system (and for demo replies nobody signed). */
  id: number | null;
}

export interface NewTicketRow {
  tenantId: string;
  number: number;
  customerId: number;
  accountId: number | null;
  serviceId: number | null;
  category: string;
  subject: string;
  /** Demo data only: when it was opened. */
  at?: Date;
}

export interface StoredAttachment {
  key: string;
  filename: string;
  mime: string;
  size: number;
}

export async function insertTicket(tx: EntityManager, t: NewTicketRow): Promise<number> {
  const at = t.at ?? null;
  const [row] = await sql<{ id: number }>(
    tx,
    `INSERT INTO tickets (tenant_id, number, customer_id, account_id, service_id, category, subject, last_activity_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?::timestamptz, now()), coalesce(?::timestamptz, now()), coalesce(?::timestamptz, now()))
     RETURNING id`,
    [t.tenantId, t.number, t.customerId, t.accountId, t.serviceId, t.category, t.subject, at, at, at],
  );
  return Number(row.id);
}

/** The provider's system replying through the API: the key that sent the reply and the name it signs with. */
export interface ApiAuthor {
  keyId: number;
  name: string | null;
}

export async function insertMessage(
  tx: EntityManager,
  m: { tenantId: string; ticketId: number; kind: MessageKind; author: Actor; body: string; api?: ApiAuthor; at?: Date },
): Promise<number> {
  const [row] = await sql<{ id: number }>(
    tx,
    `INSERT INTO tickets_messages (tenant_id, ticket_id, kind, customer_id, staff_id, api_key_id, author_name, body, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?::timestamptz, now())) RETURNING id`,
    [
      m.tenantId,
      m.ticketId,
      m.kind,
      m.author.type === 'customer' ? m.author.id : null,
      m.author.type === 'staff' ? m.author.id : null,
      m.api?.keyId ?? null,
      m.api?.name ?? null,
      m.body,
      m.at ?? null,
    ],
  );
  return Number(row.id);
}

export async function insertAttachments(tx: EntityManager, tenantId: string, ticketId: number, messageId: number, files: StoredAttachment[]): Promise<void> {
  for (const f of files) {
    await sql(
      tx,
      `INSERT INTO tickets_attachments (tenant_id, ticket_id, message_id, file_key, filename, mime, size) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [tenantId, ticketId, messageId, f.key, f.filename, f.mime, f.size],
    );
  }
}

export async function insertStatusEvent(
  tx: EntityManager,
  e: { tenantId: string; ticketId: number; from: TicketStatus | null; to: TicketStatus; actor: Actor; at?: Date },
): Promise<void> {
  await sql(
    tx,
    `INSERT INTO tickets_events (tenant_id, ticket_id, kind, from_status, to_status, actor_type, actor_id, created_at)
     VALUES (?, ?, 'status', ?, ?, ?, ?, coalesce(?::timestamptz, now()))`,
    [e.tenantId, e.ticketId, e.from, e.to, e.actor.type, e.actor.id, e.at ?? null],
  );
}

export async function insertAssignEvent(tx: EntityManager, e: { tenantId: string; ticketId: number; assignedTo: number | null; actor: Actor }): Promise<void> {
  await sql(
    tx,
    `INSERT INTO tickets_events (tenant_id, ticket_id, kind, assigned_to, actor_type, actor_id) VALUES (?, ?, 'assigned', ?, ?, ?)`,
    [e.tenantId, e.ticketId, e.assignedTo, e.actor.type, e.actor.id],
  );
}
