import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/run-sql.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ViewEngine } from '../views/view-engine.ts';
import { translate } from '../auth/translate.ts';
import { randomText } from './random-pool.ts';

/** The hidden field a creating form carries its one-time token in (`{{submissionToken}}` on every page). */
export const SUBMISSION_FIELD = '_submission';

/** Kept long enough for a page left open over a weekend to be sent again without a second record. */
export const SUBMISSION_KEEP_DAYS = 7;

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** One form, sent by one customer of one tenant, named by the token it was rendered with. */
export interface Submission {
  tenantId: string;
  customerId: number;
  form: string;
  token: string;
}

/** Minted for every signed-in page: drawn from the pooled randomness, as the CSP nonces are. */
export function newSubmissionToken(): string {
  return randomText(18, 'base64url');
}

/**
 * The submission a posted form names. No token (a page rendered before the upgrade, a script)
 * or a malformed one gives null: the form then works as it always did, without the protection.
 * `form` names the form (`tickets.open`), so a token spent on one form cannot answer another.
 */
export function submissionOf(request: FastifyRequest, form: string, fields: Record<string, unknown>): Submission | null {
  const token = fields[SUBMISSION_FIELD];
  if (typeof token !== 'string' || !TOKEN.test(token) || !request.customer) return null;
  return { tenantId: request.tenant.id, customerId: request.customer.id, form, token };
}

/**
 * Where the first post of this submission sent the customer, if it created something already.
 * Look it up before storing uploaded files, so a form sent again stores nothing. Only the
 * customer's own token of the same form answers: another customer's is worth nothing here.
 */
export async function earlierAnswer(em: EntityManager, submission: Submission | null): Promise<string | null> {
  if (!submission) return null;
  const [row] = await sql<{ answer: string }>(
    em,
    `SELECT answer FROM form_submissions WHERE tenant_id = ? AND token = ? AND customer_id = ? AND form = ? AND answer IS NOT NULL`,
    [submission.tenantId, submission.token, submission.customerId, submission.form],
  );
  return row?.answer ?? null;
}

/**
 * Call inside the transaction that creates, before creating. Takes the token for this post and
 * returns null (go on, then `recordAnswer`), or the earlier answer when the same submission
 * already created something; then create nothing and `answerAgain`. A second post sent at the
 * same moment waits here, on the key, until the first commits or rolls back. A token taken by
 * another customer or form, or by a post that created nothing, gives null too: that post works
 * as one without a token.
 */
export async function claimSubmission(tx: EntityManager, submission: Submission | null): Promise<string | null> {
  if (!submission) return null;
  const { tenantId, token, customerId, form } = submission;
  const taken = await sql<{ token: string }>(
    tx,
    `INSERT INTO form_submissions (tenant_id, token, customer_id, form) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, token) DO NOTHING RETURNING token`,
    [tenantId, token, customerId, form],
  );
  if (taken.length) return null;
  return earlierAnswer(tx, submission);
}

/** In the same transaction, once created: where a post of this submission sent again is sent. */
export async function recordAnswer(tx: EntityManager, submission: Submission | null, location: string): Promise<void> {
  if (!submission) return;
  await sql(
    tx,
    `UPDATE form_submissions SET answer = ? WHERE tenant_id = ? AND token = ? AND customer_id = ? AND form = ? AND answer IS NULL`,
    [location, submission.tenantId, submission.token, submission.customerId, submission.form],
  );
}

/** The answer to a form sent again: back to what the first post created, saying it arrived once. */
export function answerAgain(views: ViewEngine, request: FastifyRequest, reply: FastifyReply, location: string): FastifyReply {
  reply.flash('info', translate(views, request, 'submission.received'));
  return reply.redirect(location, 303);
}

/** Old tokens: after this the form is as if sent for the first time. */
export async function purgeSubmissions(em: EntityManager): Promise<void> {
  await sql(em, `DELETE FROM form_submissions WHERE created_at <= now() - (? * interval '1 day')`, [SUBMISSION_KEEP_DAYS]);
}
