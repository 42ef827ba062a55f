import { openSync, writeSync, closeSync } from 'node:fs';

export const CSV_HEADER = 'externalId,accountNumber,typeCode,number,issueDate,period,dueDate,netAmount,vatAmount,total,authorization.code,authorization.dueDate,serviceType,product';

/** Monthly invoices of `accounts` accounts, `perAccount` each, numbered so no two collide. */
export function* invoiceRows(accounts: number, perAccount: number) {
  for (let m = 0; m < perAccount; m++) {
    const month = String((m % 12) + 1).padStart(2, '0');
    const year = 2020 + Math.floor(m / 12);
    for (let a = 1; a <= accounts; a++) {
      const n = m * accounts + a;
      const net = 10000 + (a % 50) * 100;
      const vat = Math.round(net * 21) / 100;
      yield {
        externalId: `B-${a}-${year}${month}`,
        accountNumber: `B-${String(a).padStart(7, '0')}`,
        accountIndex: a,
        number: `00008-${String(n).padStart(8, '0')}`,
        pos: 8,
        n,
        issueDate: `${year}-${month}-10`,
        period: `${year}-${month}`,
        dueDate: `${year}-${month}-20`,
        net: `${net}.00`,
        vat: vat.toFixed(2),
        total: (net + vat).toFixed(2),
      };
    }
  }
}

/** The file a provider would hand to `portal import`. */
export function writeInvoiceCsv(file: string, accounts: number, perAccount: number): number {
  return writeLines(file, CSV_HEADER, function* () {
    for (const r of invoiceRows(accounts, perAccount)) {
      yield `${r.externalId},${r.accountNumber},6,${r.number},${r.issueDate},${r.period},${r.dueDate},${r.net},${r.vat},${r.total},75012345678901,${r.dueDate},Internet,Fibra 300 Mb`;
    }
  });
}

/**
 * The same rows already in the invoices table's own shape (account id resolved, hash and recipient
 * filled in): what a raw COPY into the table takes, with none of the import's checks.
 */
export function writeRawCopy(file: string, tenantId: string, accounts: number, perAccount: number, firstAccountId: number): number {
  return writeLines(file, null, function* () {
    for (const r of invoiceRows(accounts, perAccount)) {
      yield [
        tenantId, firstAccountId + r.accountIndex - 1, r.externalId, '0'.repeat(64), 6, r.pos, r.n, r.issueDate, r.period, r.dueDate,
        r.net, r.vat, r.total, `Cliente ${r.accountIndex}`, 96, String(20000000 + r.accountIndex), '75012345678901', r.dueDate, 'Internet', 'Fibra 300 Mb',
      ].join('\t');
    }
  });
}

export const RAW_COLUMNS =
  'tenant_id, account_id, external_id, content_hash, type_code, point_of_sale, number, issue_date, period, due_date, net_amount, vat_amount, total, ' +
  'recipient_name, recipient_doc_type, recipient_doc_number, authorization_code, authorization_due_date, service_type, product';

function writeLines(file: string, header: string | null, lines: () => Generator<string>): number {
  const fd = openSync(file, 'w');
  let buffer = header ? `${header}\n` : '';
  let count = 0;
  for (const line of lines()) {
    buffer += `${line}\n`;
    count++;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  return count;
}
