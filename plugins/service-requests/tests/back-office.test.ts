import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { auditRows, outbox, query, runJob, type Client, type TestPortal } from 'portal/testing';
import { customer, operator, startRequestsPortal, type Customer } from './harness.ts';

let portal: TestPortal;
let staff: Client;
let sol: Customer;
const ids: Record<string, number> = {};

/** A request filed `hoursAgo` in `status`; sur promises a first look in 24 h (4 h for reconnections) and a decision in 120 h. */
async function request(key: string, type: string, hoursAgo: number, status = 'submitted', service = 0): Promise<void> {
  const number = Object.keys(ids).length + 1;
  const [{ id }] = await query<{ id: number }>(
    portal,
    `INSERT INTO service_requests (tenant_id, number, type, account_id, service_id, customer_id, status, created_at, updated_at)
     VALUES ('sur', ?, ?, ?, ?, ?, ?, now() - ? * interval '1 hour', now() - ? * interval '1 hour') RETURNING id`,
    [number, type, sol.accountId, sol.services[service], sol.customerId, status, hoursAgo, hoursAgo],
  );
  ids[key] = Number(id);
}

const rowIds = (body: string) => [...body.matchAll(/<tr data-request="(\d+)"/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  portal = await startRequestsPortal();
  // One open request of a type per service: two services hold the four.
  sol = await customer(portal, 'sur', 'sol', [{}, { plan: 'Fibra 300' }]);
  await request('oldOwnership', 'ownership-change', 20);
  await request('lateReconnection', 'reconnection', 6); // first look due 2 h ago
  await request('reviewing', 'ownership-change', 30, 'in_review', 1); // looked at: only the resolution (in 90 h) is due
  await request('soonReconnection', 'reconnection', 3, 'submitted', 1); // first look due in 1 h: inside the 2 h warning
  staff = await operator(portal, 'sur');
});
afterAll(async () => portal?.dispose());

describe('promised times of requests', () => {
  it('puts the overdue request first, marks it and the one due soon, and counts it on the overview', async () => {
    const page = await staff.get('/staff/service-requests?lang=en');
    expect(page.statusCode).toBe(200);
    expect(rowIds(page.body)).toEqual([ids.lateReconnection, ids.reviewing, ids.oldOwnership, ids.soonReconnection]);
    const row = (id: number) => new RegExp(`<tr data-request="${id}"[\\s\\S]*?</tr>`).exec(page.body)![0];
    expect(row(ids.lateReconnection)).toContain('Overdue');
    expect(row(ids.soonReconnection)).toContain('Due soon');
    expect(row(ids.oldOwnership)).not.toMatch(/Overdue|Due soon/);
    const overview = await staff.get('/staff?lang=en');
    const card = /<li class="card staff-figure([^"]*)" id="figure-service-requests-breached">[\s\S]*?<\/li>/.exec(overview.body)!;
    expect(card[0]).toContain('Requests past their due time');
    expect(card[0]).toContain('<p class="card-value">1</p>');
  });

  it('mails the team once before a promise runs out', async () => {
    expect(await runJob(portal, { plugin: 'service-requests', name: 'sla-warnings', tenant: 'sur', processes: 2 })).toEqual(expect.arrayContaining([true, false]));
    await runJob(portal, { plugin: 'service-requests', name: 'sla-warnings', tenant: 'sur', slot: new Date(Math.floor(Date.now() / 60_000) * 60_000 + 120_000) });
    const mails = await outbox(portal, 'sur', 'desk@sur.test');
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Request No\. 4 needs attention by \d\d\/\d\d\/\d{4} \d\d:\d\d$/)]);
    expect(mails[0].text).toContain('/staff/service-requests/' + ids.soonReconnection);
    expect(await query(portal, `SELECT request_id, kind FROM service_requests_sla_warnings WHERE tenant_id = 'sur'`)).toEqual([{ request_id: ids.soonReconnection, kind: 'first-answer' }]);
  });
});

describe('exports of the filtered queue', () => {
  it('exports the requests of one type as XLSX and CSV, audited', async () => {
    const res = await staff.get('/staff/service-requests/export.xlsx?type=reconnection&lang=en');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual([2, expect.any(String), expect.stringContaining('Fibra 100'), sol.accountNumber]);
    expect((sheet.getRow(2).values as unknown[])[10]).toBe('Yes');
    const csv = await staff.get('/staff/service-requests/export.csv?status=in_review');
    expect(csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(2);
    expect(await auditRows(portal, 'sur', 'service-requests.exported')).toEqual([
      expect.objectContaining({ details: { format: 'xlsx', filter: { type: 'reconnection' } } }),
      expect.objectContaining({ details: { format: 'csv', filter: { status: 'in_review' } } }),
    ]);
    const field = await operator(portal, 'sur', 'field');
    expect((await field.get('/staff/service-requests/export.csv')).statusCode).toBe(403);
  });
});
