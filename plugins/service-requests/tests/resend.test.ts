import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPortal, Client } from 'portal/testing';
import { act, customer, fileOwnershipChange, formUrl, operator, OWNERSHIP_FIELDS, OWNERSHIP_FILES, PNG, postMultipart, requestRow, signedIn, sql, startRequestsPortal, type Customer } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

async function tokenOf(client: Client, url: string): Promise<string> {
  const token = /name="_submission" value="([^"]+)"/.exec((await client.get(url)).body)?.[1];
  if (!token) throw new Error(`the form at ${url} carries no submission token`);
  return token;
}
const storedFiles = () => {
  const dir = join(portal.config.dataDir, 'files', 'norte', 'service-requests');
  return existsSync(dir) ? readdirSync(dir).length : 0;
};
const requestsOf = async (who: Customer) => (await sql(portal, `SELECT id FROM service_requests WHERE account_id = ?`, [who.accountId])).length;

describe('a service request form sent again', () => {
  it('files one request with one set of documents, and sends the second post to it saying it arrived', async () => {
    const ana = await customer(portal, 'norte', 'ana');
    const client = await signedIn(portal, ana);
    const url = formUrl('ownership-change', ana.accountNumber);
    const form = { ...OWNERSHIP_FIELDS, _submission: await tokenOf(client, url) };
    const before = storedFiles();
    const first = await postMultipart(portal, client, url, form, OWNERSHIP_FILES);
    const second = await postMultipart(portal, client, url, form, OWNERSHIP_FILES);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(decodeURIComponent(second.cookies.find((c) => c.name === 'flash')?.value ?? '')).toContain('Ya lo recibimos');
    expect(await requestsOf(ana)).toBe(1);
    expect(storedFiles()).toBe(before + OWNERSHIP_FILES.length);
  });

  it('files one request when the posts arrive at once, and every post is sent to it', async () => {
    const beto = await customer(portal, 'norte', 'beto');
    const client = await signedIn(portal, beto);
    const url = formUrl('ownership-change', beto.accountNumber);
    const form = { ...OWNERSHIP_FIELDS, _submission: await tokenOf(client, url) };
    const before = storedFiles();
    const answers = await Promise.all([1, 2, 3].map(() => postMultipart(portal, client, url, form, OWNERSHIP_FILES)));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    expect(new Set(answers.map((a) => a.headers.location)).size).toBe(1);
    expect(await requestsOf(beto)).toBe(1);
    expect(storedFiles()).toBe(before + OWNERSHIP_FILES.length);
  });

  it("with another customer's token files the second customer's own request", async () => {
    const cata = await customer(portal, 'norte', 'cata');
    const dani = await customer(portal, 'norte', 'dani');
    const cataClient = await signedIn(portal, cata);
    const daniClient = await signedIn(portal, dani);
    const token = await tokenOf(cataClient, formUrl('ownership-change', cata.accountNumber));
    const first = await postMultipart(portal, cataClient, formUrl('ownership-change', cata.accountNumber), { ...OWNERSHIP_FIELDS, _submission: token }, OWNERSHIP_FILES);
    await daniClient.get(formUrl('ownership-change', dani.accountNumber));
    const other = await postMultipart(portal, daniClient, formUrl('ownership-change', dani.accountNumber), { ...OWNERSHIP_FIELDS, _submission: token }, OWNERSHIP_FILES);
    expect(first.statusCode).toBe(303);
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).not.toBe(first.headers.location);
    expect(await requestsOf(dani)).toBe(1);
  });

  it('without a token works as before: the first files, the second is shown the open request', async () => {
    const eli = await customer(portal, 'norte', 'eli');
    const client = await signedIn(portal, eli);
    const url = formUrl('ownership-change', eli.accountNumber);
    await client.get(url);
    expect((await postMultipart(portal, client, url, OWNERSHIP_FIELDS, OWNERSHIP_FILES)).statusCode).toBe(303);
    expect((await postMultipart(portal, client, url, OWNERSHIP_FIELDS, OWNERSHIP_FILES)).statusCode).toBe(409);
    expect(await requestsOf(eli)).toBe(1);
  });

  it('adds one answer to a request for more information, however often it is sent', async () => {
    const fede = await customer(portal, 'norte', 'fede');
    const client = await signedIn(portal, fede);
    const id = await fileOwnershipChange(portal, client, fede);
    const staff = await operator(portal, 'norte');
    expect((await act(staff, id, 'review')).statusCode).toBe(303);
    expect((await act(staff, id, 'ask', { message: 'Mandá el DNI de nuevo.' })).statusCode).toBe(303);
    const form = { message: 'Ahí va.', _submission: await tokenOf(client, `/service-requests/${id}`) };
    const file = [{ name: 'files', filename: 'dni.png', data: PNG, type: 'image/png' }];
    const before = storedFiles();
    const first = await postMultipart(portal, client, `/service-requests/${id}/reply`, form, file);
    const again = await Promise.all([1, 2].map(() => postMultipart(portal, client, `/service-requests/${id}/reply`, form, file)));
    expect([first, ...again].map((a) => a.statusCode)).toEqual([303, 303, 303]);
    expect([first, ...again].map((a) => a.headers.location)).toEqual(Array(3).fill(`/service-requests/${id}`));
    expect((await requestRow(portal, id)).status).toBe('in_review');
    expect(await sql(portal, "SELECT filename FROM service_request_documents WHERE request_id = ? AND slot = 'reply'", [id])).toEqual([{ filename: 'dni.png' }]);
    expect(storedFiles()).toBe(before + 1);
  });
});
