import { randomBytes } from 'node:crypto';
import { HttpCustomer, type Reply, type Target } from './http-customer.ts';
import type { RequestRecord } from './request-record.ts';
import { HOST, PASSWORD, type JourneyCustomer } from './seed.ts';
import { pause } from './portal-node.ts';

/** What the portal acknowledged to the journeys: each of these must be in the database afterwards. */
export interface Acknowledged {
  tickets: { who: HttpCustomer; customer: JourneyCustomer; subject: string; path: string; attachmentPath: string; data: Buffer }[];
  reports: { who: HttpCustomer; customer: JourneyCustomer; reference: string; receiptPath: string; data: Buffer }[];
  readings: { customer: JourneyCustomer; value: number }[];
  payments: { customer: JourneyCustomer; reference: string }[];
}

export interface JourneyTally {
  completed: number;
  lastCompletedAt: number;
  abandoned: number;
  /** Why abandoned journeys stopped, one line each. */
  abandonedAt: string[];
}

/**
 * A person retries a failed step, waiting a little longer each time, for about 35 s, then gives up:
 * long enough for a checkout left half-made by a killed node to stop blocking (20 s).
 */
const ATTEMPTS = 20;
/** A person reads a page before the next step; it also keeps six people from using every core. */
const THINK_MS = 200;

class GaveUp extends Error {}

async function persist<T>(step: string, attempt: () => Promise<T | undefined>): Promise<T> {
  await pause(THINK_MS);
  for (let i = 1; i <= ATTEMPTS; i++) {
    const done = await attempt();
    if (done !== undefined) return done;
    await pause(Math.min(300 * i, 2000));
  }
  throw new GaveUp(step);
}

/** A real PNG (its signature and header chunk) whose bytes are unique to this upload. */
function uniquePng(): Buffer {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  return Buffer.concat([png, randomBytes(2048)]);
}

function uniquePdf(tag: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${tag} ${randomBytes(24).toString('hex')}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/**
 * The form's one-time token. A person whose answer was lost sends the same form again (back and
 * resend, a second click), so a step keeps the token of the first form it loaded across retries.
 */
const submissionToken = (r: Reply | undefined) => (r && /name="_submission" value="([^"]+)"/.exec(r.text)?.[1]) ?? '';

const isPage = (marker: string) => (r: Reply) => r.status === 200 && r.text.includes(marker);
const redirectsTo = (pattern: RegExp) => (r: Reply) => r.status === 303 && pattern.test(r.location);

/**
 * One customer's visit, through haproxy: sign in, open a ticket with a photo, report a payment
 * with its receipt, download both files, submit a meter reading, pay the invoice through the
 * sandbox gateway. Each step that fails is done again the way a person would (reload the form,
 * send it again); what the portal acknowledged goes into `acked`.
 */
export async function runJourney(rec: RequestRecord, target: Target, c: JourneyCustomer, localAddress: string, acked: Acknowledged): Promise<void> {
  const who = new HttpCustomer(HOST, localAddress);
  const tag = `J-${c.accountNumber}`;

  await persist('sign in', async () => {
    const form = await rec.judge('GET /login', () => who.get(target, '/login'), (r) => isPage('name="identifier"')(r) || (r.status === 302 && r.location === '/dashboard'), false);
    if (!form) return undefined;
    // A sign-in that went through while its answer was lost: the login page sends the person on.
    if (form.status === 302) return true;
    return rec.judge('POST /login', () => who.postForm(target, '/login', { identifier: c.email, password: PASSWORD }), redirectsTo(/^\/dashboard$/), false);
  });

  const photo = uniquePng();
  let ticketToken = '';
  const ticketPath = await persist('open a ticket', async () => {
    const form = await rec.judge('GET /tickets/new', () => who.get(target, '/tickets/new'), isPage('name="subject"'));
    if (!form) return undefined;
    ticketToken ||= submissionToken(form);
    const sent = await rec.judge(
      'POST /tickets',
      () => who.postMultipart(target, '/tickets', { _submission: ticketToken, category: 'technical', subject: tag, message: 'Sin conexión desde la mañana; adjunto foto del módem.' }, [{ name: 'attachment', filename: 'modem.png', data: photo, type: 'image/png' }]),
      redirectsTo(/^\/tickets\/[^/?]+$/),
    );
    return sent?.location;
  });
  const attachmentPath = await persist('see the ticket', async () => {
    const link = new RegExp(`href="(${ticketPath}/attachments/\\d+)"`);
    const page = await rec.judge(`GET ${ticketPath}`, () => who.get(target, ticketPath), (r) => r.status === 200 && link.test(r.text));
    return page && link.exec(page.text)![1];
  });
  acked.tickets.push({ who, customer: c, subject: tag, path: ticketPath, attachmentPath, data: photo });

  const receipt = uniquePdf(tag);
  const reportUrl = `/payments/report?account=${encodeURIComponent(c.accountNumber)}`;
  let reportToken = '';
  await persist('report a payment', async () => {
    const form = await rec.judge('GET /payments/report', () => who.get(target, reportUrl), isPage('name="paidOn"'));
    const paidOn = form && /name="paidOn"[^>]*value="(\d{4}-\d\d-\d\d)"/.exec(form.text)?.[1];
    if (!paidOn) return undefined;
    reportToken ||= submissionToken(form);
    return rec.judge(
      'POST /payments/report',
      () => who.postMultipart(target, '/payments/report', { _submission: reportToken, account: c.accountNumber, amount: '1.234,50', paidOn, method: 'transfer', collector: 'Banco Nación', reference: tag }, [{ name: 'receipt', filename: 'comprobante.pdf', data: receipt, type: 'application/pdf' }]),
      redirectsTo(/^\/payments\?account=/),
    );
  });
  const receiptPath = await persist('see the report', async () => {
    const listUrl = `/payments?account=${encodeURIComponent(c.accountNumber)}`;
    const row = new RegExp(`<tr data-report="\\d+"[^>]*>(?:(?!</tr>)[\\s\\S])*${tag}(?:(?!</tr>)[\\s\\S])*href="(/payments/reports/\\d+/receipt)"`);
    const page = await rec.judge(`GET ${listUrl}`, () => who.get(target, listUrl), (r) => r.status === 200 && row.test(r.text));
    return page && row.exec(page.text)![1];
  });
  acked.reports.push({ who, customer: c, reference: tag, receiptPath, data: receipt });

  await persist('download the photo', () => rec.judge(`GET ${attachmentPath}`, () => who.get(target, attachmentPath), (r) => r.status === 200 && r.body.equals(photo)));
  await persist('download the receipt', () => rec.judge(`GET ${receiptPath}`, () => who.get(target, receiptPath), (r) => r.status === 200 && r.body.equals(receipt)));

  const submitUrl = `/meter-readings/${c.meterId}/submit`;
  let readingToken = '';
  await persist('submit a reading', async () => {
    const form = await rec.judge(`GET ${submitUrl}`, () => who.get(target, submitUrl), isPage('name="value-total"'));
    if (!form) return undefined;
    readingToken ||= submissionToken(form);
    return rec.judge(`POST ${submitUrl}`, () => who.postMultipart(target, submitUrl, { _submission: readingToken, 'value-total': String(c.nextReading) }, []), redirectsTo(new RegExp(`^/meter-readings/${c.meterId}$`)));
  });
  acked.readings.push({ customer: c, value: c.nextReading });

  const payUrl = `/payments/pay?account=${encodeURIComponent(c.accountNumber)}&invoice=${c.invoiceId}`;
  const sandboxPath = await persist('start the payment', async () => {
    if (!(await rec.judge('GET /payments/pay', () => who.get(target, payUrl), isPage('name="gateway"')))) return undefined;
    const sent = await rec.judge(
      'POST /payments/checkout',
      () => who.postForm(target, '/payments/checkout', { account: c.accountNumber, invoice: String(c.invoiceId), gateway: 'sandbox' }),
      redirectsTo(/^\/payments\/sandbox\/[^/?]+$/),
    );
    return sent?.location;
  });
  const returnPath = await persist('approve in the sandbox', async () => {
    // Reloading the gateway's page, as a person whose click got no answer does.
    if (!(await rec.judge(`GET ${sandboxPath}`, () => who.get(target, sandboxPath), (r) => r.status === 200))) return undefined;
    const sent = await rec.judge(`POST ${sandboxPath}`, () => who.postForm(target, sandboxPath, { decision: 'approved' }), redirectsTo(/^\/payments\/return\/[^/?]+$/));
    return sent?.location;
  });
  await persist('see the payment approved', () => rec.judge(`GET ${returnPath}`, () => who.get(target, returnPath), isPage('data-status="approved"')));
  acked.payments.push({ customer: c, reference: decodeURIComponent(returnPath.split('/').pop()!) });
}

/**
 * `users` people at once, each taking the next unused customer until the time is up (asked again
 * before each journey: the faults may move it later) or the
 * customers run out. Every customer comes from an address of their own (127.1.x.y), as different
 * people do: the portal's per-address sign-in limit is meant for one person, not for the run.
 */
export async function runJourneys(rec: RequestRecord, target: Target, customers: JourneyCustomer[], users: number, until: () => number, acked: Acknowledged): Promise<JourneyTally> {
  const tally: JourneyTally = { completed: 0, lastCompletedAt: 0, abandoned: 0, abandonedAt: [] };
  let next = 0;
  const user = async () => {
    while (Date.now() < until() && next < customers.length) {
      const i = next++;
      const c = customers[i];
      try {
        await runJourney(rec, target, c, `127.1.${Math.floor(i / 250)}.${1 + (i % 250)}`, acked);
        tally.completed += 1;
        tally.lastCompletedAt = Date.now();
      } catch (err) {
        if (!(err instanceof GaveUp)) throw err;
        tally.abandoned += 1;
        tally.abandonedAt.push(`${c.accountNumber}: ${err.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: users }, () => user()));
  return tally;
}
