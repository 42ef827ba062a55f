import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { tenantConditionProblem, tenantOwnedTables } from '../support/tenant-condition.ts';
import { CROSS_TENANT_QUERIES } from '../support/cross-tenant-queries.ts';

const owned = tenantOwnedTables([join(REPO_ROOT, 'core/migrations'), join(REPO_ROOT, 'plugins/tickets/migrations')]);
const check = (sql: string) => tenantConditionProblem(sql, owned, []);

describe('the check every statement of a test run goes through: tenant-owned tables need a tenant_id condition', () => {
  it('knows the tenant-owned tables from the migrations', () => {
    expect(owned).toContain('customers');
    expect(owned).toContain('tickets');
    expect(owned).not.toContain('rate_limit_counters');
  });

  it('flags a read, an update and a delete that could reach another tenant\'s rows', () => {
    expect(check('SELECT id, subject FROM tickets WHERE customer_id = ?')).toBe('no tenant_id condition on tickets');
    expect(check(`UPDATE customers SET name = ? WHERE email = ?`)).toBe('no tenant_id condition on customers');
    expect(check('DELETE FROM tickets_messages WHERE ticket_id IN (SELECT id FROM tickets WHERE status = ?)')).toBe('no tenant_id condition on tickets_messages, tickets');
    // Tenants matched to each other pick no tenant.
    expect(check('SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id AND c.tenant_id = t.tenant_id WHERE c.email = ?')).toBe('no tenant_id condition on tickets, customers');
    // A tenant_id only in a string or a comment constrains nothing.
    expect(check(`SELECT id FROM tickets WHERE subject = 'tenant_id = 1' -- tenant_id = ?`)).toBe('no tenant_id condition on tickets');
  });

  it('passes statements that constrain the tenant, and the ORM\'s writes by primary key of entities it loaded filtered', () => {
    expect(check('SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.tenant_id = ? AND c.email = ?')).toBeNull();
    expect(check('select "t0".* from "tickets" as "t0" where "t0"."tenant_id" = $1 and "t0"."id" = $2')).toBeNull();
    expect(check('INSERT INTO tickets (tenant_id, number, subject) VALUES (?, ?, ?)')).toBeNull();
    expect(check('update "customers" set "name" = $1 where "id" = $2')).toBeNull();
    expect(check(`update "customers" set "phone" = '0387', "updated_at" = '2026-12-07' where "id" = 4`)).toBeNull();
    expect(check('delete from "tickets" where "id" in (1, 2)')).toBeNull();
    // A value holding `--` (a random token, a payload) starts no comment that would hide the condition.
    expect(check(`UPDATE tickets SET token = 'ab--cd' WHERE tenant_id = 'payon' AND id = 3`)).toBeNull();
    // Written by hand, a write by id is not taken on trust: the id may come from the request.
    expect(check('UPDATE tickets SET status = ? WHERE id = ?')).toBe('no tenant_id condition on tickets');
    expect(check('SELECT hits FROM rate_limit_counters WHERE key = ?')).toBeNull();
  });

  it('lets a listed cross-tenant query through, and every listed one says why', () => {
    expect(tenantConditionProblem('SELECT hostname, tenant_id FROM tenant_hostnames', new Set(['tenant_hostnames']), CROSS_TENANT_QUERIES)).toBeNull();
    for (const query of CROSS_TENANT_QUERIES) expect(query.reason.length, String(query.match)).toBeGreaterThan(30);
  });
});
