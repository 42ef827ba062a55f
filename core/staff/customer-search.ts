import type { FastifyRequest } from 'fastify';
import { sql } from '../db/run-sql.ts';
import { sqlCursor } from '../db/sql-cursor.ts';
import { likePattern } from './pagination.ts';

/**
 * Whether the account's current holder can get in: no login at all, a first-access key sent but
 * never used (an ownership change leaves the new holder there), a login, or a locked one.
 */
export type AccessState = 'none' | 'key-pending' | 'active' | 'locked';

export interface CustomerSearchRow {
  accountId: number;
  number: string;
  holderName: string;
  document: string;
  email: string | null;
  customerId: number | null;
  customerName: string | null;
  access: AccessState;
}

export interface CustomerSearchResult {
  rows: CustomerSearchRow[];
  /** Matches ranked, at most CAP: past it the operator is asked for another word. */
  total: number;
  /** More accounts matched than were ranked. */
  more: boolean;
}

/**
 * How many matches are ranked. A surname alone matches tens of thousands of a million customers:
 * ranking and counting them all took most of a second, and nobody reads past a few pages.
 */
export const CAP = 200;
/** Words past these add little to a search and each costs an index lookup. */
const MAX_WORDS = 6;
/** Shorter words have no trigram of their own: they narrow what longer ones found, or match a number exactly. */
const MIN_INDEXED = 3;

interface Terms {
  /** The query as the index stores text: lower case, accents gone (portal_search_text). */
  text: string;
  words: string[];
  /** Digits and letters only: a document or account number typed with dots and dashes. */
  compact: string;
  /** The digits of a query made of digits and separators only, as portal_phone_digits leaves them. */
  phone: string | null;
  digits: string | null;
  /** The query as a whole email address (lower case), or null. */
  email: string | null;
}

type Row = {
  id: number; number: string; holder_name: string; document_type: string; document_number: string; account_email: string | null;
  customer_id: number | null; customer_name: string | null; customer_email: string | null; locked_at: Date | null; must_change_password: boolean | null;
  total: string;
};

/**
 * Accounts, since an account exists before its holder has a login (the access key creates it).
 * Every word typed, in any order, must appear in the account's number, holder, document or email,
 * or in its login's name, email or phones; accents and case do not matter; a query of digits also
 * finds a phone however it was written (+54 9, 0, dashes). Exact account numbers, documents and
 * emails come first, then the closest names, among the first CAP found. Both tables keep a normalised `search_text` with a
 * trigram index (core/migrations/010_customer_search.sql). Raw SQL: it names the tenant itself.
 */
export async function searchCustomers(request: FastifyRequest, q: string, page: number, pageSize: number): Promise<CustomerSearchResult> {
  const tenant = request.tenant.id;
  const raw = q.trim();
  const terms = raw ? await termsOf(request, raw) : null;
  let rows: Row[];
  if (!terms) {
    // No query: the first accounts by name, through the index, capped like a search (counting a
    // million rows for the pager took longer than the page).
    rows = await sql<Row>(
      request.em,
      `WITH hits AS (SELECT a.id FROM accounts a WHERE a.tenant_id = ? ORDER BY a.holder_name, a.number LIMIT ?)
       ${SELECT} FROM hits JOIN accounts a ON a.id = hits.id AND a.tenant_id = ? ${JOIN_LOGIN} ORDER BY a.holder_name, a.number LIMIT ? OFFSET ?`,
      [tenant, CAP + 1, tenant, pageSize, (page - 1) * pageSize],
    );
  } else {
    // An address typed whole is looked up by its index (every login's email shares "@gmail.com"
    // with thousands: its trigrams are the most common there are); only a miss searches inside.
    rows = terms.email ? await ranked(request, terms, EMAIL_HITS, [tenant, terms.email, tenant, terms.email], page, pageSize) : [];
    if (rows.length === 0) {
      const account = matching('a', terms, terms.digits);
      const login = matching('c', terms, terms.phone);
      // Each side stops at the cap, so a common surname costs the cap's rows, not a hundred thousand.
      const hits = `SELECT DISTINCT id FROM (
           (SELECT a.id FROM accounts a WHERE a.tenant_id = ? AND (${account.where}) LIMIT ?)
           UNION ALL
           (SELECT a.id FROM customers c JOIN accounts a ON a.customer_id = c.id AND a.tenant_id = c.tenant_id WHERE c.tenant_id = ? AND (${login.where}) LIMIT ?)
         ) AS found
         LIMIT ?`;
      rows = await ranked(request, terms, hits, [tenant, ...account.params, CAP + 1, tenant, ...login.params, CAP + 1, CAP + 1], page, pageSize);
    }
  }
  const found = rows.length ? Number(rows[0].total) : 0;
  return {
    total: Math.min(found, CAP),
    more: found > CAP,
    rows: rows.map(searchRow),
  };
}

function searchRow(r: Omit<Row, 'total'>): CustomerSearchRow {
  return {
    accountId: r.id,
    number: r.number,
    holderName: r.holder_name,
    document: `${r.document_type} ${r.document_number}`,
    email: r.customer_email ?? r.account_email,
    customerId: r.customer_id,
    customerName: r.customer_name,
    access: r.customer_id == null ? 'none' : r.locked_at ? 'locked' : r.must_change_password ? 'key-pending' : 'active',
  };
}

/**
 * Every account the list's search finds for `q` (all of them when it is empty), by name, with no
 * cap and no ranking: what an export of the list holds. Streamed through a cursor, so a million
 * accounts never sit in memory; the same conditions as the search, so it finds what the page finds.
 */
export async function* everyMatch(request: FastifyRequest, q: string): AsyncGenerator<CustomerSearchRow> {
  const raw = q.trim();
  let where = 'true';
  const params: unknown[] = [request.tenant.id];
  if (raw) {
    const terms = await termsOf(request, raw);
    const account = matching('a', terms, terms.digits);
    const login = matching('c', terms, terms.phone);
    where = `(${account.where}) OR (${login.where})`;
    params.push(...account.params, ...login.params);
    if (terms.email) {
      where += ' OR lower(a.email) = ? OR lower(c.email) = ?';
      params.push(terms.email, terms.email);
    }
  }
  const rows = sqlCursor<Omit<Row, 'total'>>(
    request.em,
    `${COLUMNS} FROM accounts a ${JOIN_LOGIN} WHERE a.tenant_id = ? AND (${where}) ORDER BY a.holder_name, a.number`,
    params,
  );
  for await (const r of rows) yield searchRow(r);
}

const EMAIL_HITS = `SELECT a.id FROM accounts a WHERE a.tenant_id = ? AND lower(a.email) = ?
  UNION
  SELECT a.id FROM customers c JOIN accounts a ON a.customer_id = c.id AND a.tenant_id = c.tenant_id WHERE c.tenant_id = ? AND lower(c.email) = ?`;

/**
 * The hits, ranked: an exact account number, document or email first, then the holders whose
 * name is closest to what was typed (trigram word similarity on the name alone: on the whole
 * search text it cost more than finding the rows), then by name.
 */
function ranked(request: FastifyRequest, terms: Terms, hits: string, params: unknown[], page: number, pageSize: number): Promise<Row[]> {
  return sql<Row>(
    request.em,
    `WITH hits AS (${hits})
     ${SELECT} FROM hits JOIN accounts a ON a.id = hits.id AND a.tenant_id = ? ${JOIN_LOGIN}
     ORDER BY (lower(a.number) = ? OR (? <> '' AND lower(regexp_replace(a.document_number, '[^0-9A-Za-z]', '', 'g')) = ?) OR lower(a.email) = ? OR lower(c.email) = ?) IS TRUE DESC,
              word_similarity(?, portal_search_text(a.holder_name)) DESC,
              a.holder_name, a.number
     LIMIT ? OFFSET ?`,
    [
      ...params,
      request.tenant.id,
      terms.text, terms.compact, terms.compact.toLowerCase(), terms.text, terms.text,
      terms.text,
      pageSize, (page - 1) * pageSize,
    ],
  );
}

const COLUMNS = `SELECT a.id, a.number, a.holder_name, a.document_type, a.document_number, a.email AS account_email,
  c.id AS customer_id, c.name AS customer_name, c.email AS customer_email, c.locked_at, c.must_change_password`;
const SELECT = `${COLUMNS}, count(*) OVER () AS total`;
const JOIN_LOGIN = 'LEFT JOIN customers c ON c.id = a.customer_id AND c.tenant_id = a.tenant_id';

/** The query normalised by the database's own function, so it and the stored column never disagree. */
async function termsOf(request: FastifyRequest, raw: string): Promise<Terms> {
  const [n] = await sql<{ text: string; phone: string }>(request.em, 'SELECT portal_search_text(?) AS text, portal_phone_digits(?) AS phone', [raw, raw]);
  const numeric = /^[\d\s().+/-]+$/.test(raw);
  const digits = raw.replace(/\D/g, '');
  return {
    text: n.text,
    words: n.text.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS),
    compact: raw.replace(/[^0-9A-Za-z]/g, ''),
    digits: numeric && digits.length >= MIN_INDEXED ? digits : null,
    phone: numeric && n.phone.length >= MIN_INDEXED ? n.phone : null,
    email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? raw.toLowerCase() : null,
  };
}

/**
 * The condition on one table's search_text: every word in it; or, for a query of digits, those
 * digits together (a document typed with dots, a phone typed with spaces). With no word long
 * enough for the index, only an exact account number matches, so a one-letter query stays fast.
 * A query of digits asks a login for its phone only (its name and email hold no such number),
 * and an account for its digits only when the words add nothing to them: each condition left
 * out is one index scan less.
 */
function matching(alias: 'a' | 'c', terms: Terms, digits: string | null): { where: string; params: string[] } {
  const alternatives: string[] = [];
  const params: string[] = [];
  const numeric = terms.digits !== null;
  const wordsAddNothing = numeric && terms.words.join('') === terms.digits;
  if (numeric && (alias === 'c' || wordsAddNothing)) {
    // The digits below say it all.
  } else if (terms.words.some((w) => w.length >= MIN_INDEXED)) {
    alternatives.push(terms.words.map(() => `${alias}.search_text LIKE ?`).join(' AND '));
    params.push(...terms.words.map(likePattern));
  } else if (alias === 'a') {
    alternatives.push('lower(a.number) = ?');
    params.push(terms.text);
  }
  if (digits) {
    alternatives.push(`${alias}.search_text LIKE ?`);
    params.push(likePattern(digits));
  }
  return { where: alternatives.length ? alternatives.map((a) => `(${a})`).join(' OR ') : 'false', params };
}
