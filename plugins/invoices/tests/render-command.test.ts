import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIo, runCli as main, type TestPortal } from 'portal/testing';
import { renderPeriod } from '../cli/render-period.ts';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { readPdf } from '../testing/read-pdf.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let ana: SignedIn;
let out: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  portal = await startInvoicesPortal();
  ana = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0101');
  await signedInCustomer(portal, 'invother', HOSTS.other, 'VA-0101');
  const invon = serviceFor(portal, 'invon');
  for (const [key, input] of Object.entries({
    plain: sampleInvoice('RS-0101', { externalId: 'r-1', number: '00008-00000901' }),
    typeA: sampleInvoice('RS-0101', { externalId: 'r-2', number: '00008-00000902', typeCode: 1, recipient: { docType: 80, docNumber: '20123456786', vatCondition: 'Responsable Inscripto' } }),
    long: sampleInvoice('RS-0101', {
      externalId: 'r-3', number: '00008-00000903', total: '7000.00',
      lines: Array.from({ length: 70 }, (_, i) => ({ description: `Consumo adicional ${i + 1}`, unitPrice: '100.00', amount: '100.00' })),
    }),
    original: sampleInvoice('RS-0101', {
      externalId: 'r-4', number: '00008-00000904',
      originalPdf: { filename: 'F8-904.pdf', content: Buffer.from('%PDF-1.4\n% provider original 904\n%%EOF\n').toString('base64') },
    }),
    otherPeriod: sampleInvoice('RS-0101', { externalId: 'r-5', number: '00008-00000905', period: '2025-02', issueDate: '2025-02-14' }),
  })) {
    ids[key] = (await invon.upsertInvoice(input)).id;
  }
  // Another tenant's invoice of the same period and number: never in invon's folder.
  await serviceFor(portal, 'invother').upsertInvoice(sampleInvoice('VA-0101', { externalId: 'o-1', number: '00008-00000901', typeCode: 11 }));
  out = mkdtempSync(join(tmpdir(), 'invoices-render-'));
});
afterAll(async () => {
  await portal?.dispose();
  if (out) rmSync(out, { recursive: true, force: true });
});

async function download(id: number): Promise<{ filename: string; content: Buffer }> {
  const res = await ana.client.get(`/invoices/${id}/pdf`);
  expect(res.statusCode).toBe(200);
  const filename = /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))![1];
  return { filename, content: res.rawPayload };
}

describe('portal invoices render', () => {
  it('writes one PDF per invoice of the period, each with the text of the customer’s download, on two workers', async () => {
    const progress: number[] = [];
    // One invoice per batch, so both workers get some.
    const report = await renderPeriod(portal, { tenant: portal.tenants.get('invon')!, period: '2025-01', out, workers: 2, batchSize: 1, onProgress: (p) => progress.push(p.done) });
    expect(report).toMatchObject({ total: 4, done: 4, originals: 1, failed: [], workers: 2 });
    expect(progress.at(-1)).toBe(4);

    const expected = await Promise.all(['plain', 'typeA', 'long', 'original'].map((k) => download(ids[k])));
    expect(readdirSync(out).sort()).toEqual(expected.map((d) => d.filename).sort());
    for (const { filename, content } of expected) {
      const written = readFileSync(join(out, filename));
      if (filename.endsWith('00000904.pdf')) {
        expect(written.equals(content), filename).toBe(true);
        continue;
      }
      const [mine, theirs] = [await readPdf(written), await readPdf(content)];
      expect(mine.text, filename).toEqual(theirs.text);
      expect(mine.links, filename).toEqual(theirs.links);
    }
    const long = await readPdf(readFileSync(join(out, 'factura-B-00008-00000903.pdf')));
    expect(long.pages).toBeGreaterThan(1);
    expect(long.text.join(' ')).toContain('Consumo adicional 70');
  });

  it('finds nothing in a period without invoices, and writes nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'invoices-render-empty-'));
    try {
      const report = await renderPeriod(portal, { tenant: portal.tenants.get('invon')!, period: '2031-07', out: empty, workers: 2 });
      expect(report).toMatchObject({ total: 0, done: 0 });
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a malformed period, a missing option, an unknown tenant and an output folder that is a file, with a clear message and exit code', async () => {
    const aFile = join(out, 'not-a-folder.txt');
    writeFileSync(aFile, 'x');
    const cases: [string[], number, RegExp][] = [
      [['--tenant', 'rednorte', '--period', '2026-13', '--out', out], 2, /--period must be a month written YYYY-MM.*"2026-13"/],
      [['--tenant', 'rednorte', '--period', 'dic-2026', '--out', out], 2, /--period must be a month/],
      [['--tenant', 'rednorte', '--period', '2026-12'], 2, /--out is required/],
      [['--tenant', 'rednorte', '--period', '2026-12', '--out', out, '--workers', 'many'], 2, /--workers must be a whole number/],
      [['--tenant', 'nadie', '--period', '2026-12', '--out', out], 1, /unknown tenant "nadie"; known: .*rednorte/],
      [['--tenant', 'rednorte', '--period', '2026-12', '--out', aFile], 1, /cannot use .*not-a-folder\.txt as the output folder/],
    ];
    for (const [args, code, message] of cases) {
      const io = bufferIo();
      expect(await main(['invoices', 'render', ...args], io), args.join(' ')).toBe(code);
      expect(io.stderr.join('\n'), args.join(' ')).toMatch(message);
      expect(io.stderr.join('\n')).not.toMatch(/\n\s+at /);
    }
  });

  it('is a command core finds through the plugin: listed by --help, named when the verb is wrong', async () => {
    const help = bufferIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toContain('invoices render --tenant <id> --period <YYYY-MM> --out <dir>');
    const wrong = bufferIo();
    expect(await main(['invoices', 'print'], wrong)).toBe(2);
    expect(wrong.stderr.join('\n')).toContain('"print" is not a invoices command; invoices commands: render');
  });
});
