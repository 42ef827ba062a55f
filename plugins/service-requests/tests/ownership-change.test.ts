import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, browser } from 'portal/testing';
import {
  accountRow,
  act,
  auditRows,
  customer,
  fileForm,
  fileOwnershipChange,
  formUrl,
  HOSTS,
  mailsTo,
  operator,
  OWNERSHIP_FIELDS,
  OWNERSHIP_FILES,
  PDF,
  PNG,
  postMultipart,
  requestRow,
  signedIn,
  sql,
  startRequestsPortal,
  type Customer,
} from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

describe('filing an ownership change', () => {
  it('shows the form with every field and document, labelled', async () => {
    const ana = await customer(portal, 'norte', 'ana');
    const client = await signedIn(portal, ana);
    const page = await client.get(formUrl('ownership-change', ana.accountNumber));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Cambio de titular</h1>');
    for (const label of ['DNI o CUIT/CUIL del nuevo titular', 'Email del nuevo titular', 'Relación con el nuevo titular', 'Nota de conformidad firmada por el titular actual']) {
      expect(page.body).toContain(label);
    }
    expect(page.body).toContain('name="doc-newHolderId"');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('action="/service-requests/new/ownership-change?account&#x3D;NORTE-ANA"');
  });

  it('records the request with its documents, emails a receipt and lists it', async () => {
    const bea = await customer(portal, 'norte', 'bea');
    const client = await signedIn(portal, bea);
    const id = await fileOwnershipChange(portal, client, bea, { comment: 'Se muda mi hija.' });
    const row = await requestRow(portal, id);
    expect(row).toMatchObject({ tenant_id: 'norte', type: 'ownership-change', status: 'submitted', customer_id: bea.customerId, account_id: bea.accountId, service_id: null });
    expect(row.data).toEqual({
      newHolderName: 'Sofía Benítez',
      newHolderDocument: '20-12345678-6',
      newHolderEmail: 'sofia@example.com',
      newHolderPhone: '+54 9 11 5555-0199',
      relationship: 'family',
      comment: 'Se muda mi hija.',
      currentHolderConsent: true,
    });
    const docs = await sql(portal, 'SELECT slot, filename, mime, size FROM service_request_documents WHERE request_id = ? ORDER BY id', [id]);
    expect(docs).toEqual([
      { slot: 'newHolderId', filename: 'dni.png', mime: 'image/png', size: PNG.length },
      { slot: 'consent', filename: 'conformidad.pdf', mime: 'application/pdf', size: PDF.length },
    ]);
    const mails = await mailsTo(portal, bea.email);
    expect(mails.map((m) => m.subject)).toEqual([`Recibimos tu solicitud N° ${id}: Cambio de titular`]);
    expect(mails[0].text).toContain(`/service-requests/${id}`);

    const detail = await client.get(`/service-requests/${id}`);
    expect(detail.body).toContain('data-status="submitted"');
    expect(detail.body).toContain('Sofía Benítez');
    expect(detail.body).toContain('Familiar');
    const list = await client.get('/service-requests');
    expect(list.body).toMatch(new RegExp(`<tr data-request="${id}">[\\s\\S]*Cambio de titular[\\s\\S]*Recibida`));

    const own = await client.get(`/service-requests/${id}/documents/${(await sql<{ id: number }>(portal, 'SELECT id FROM service_request_documents WHERE request_id = ? ORDER BY id', [id]))[0].id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-disposition']).toMatch(/^attachment; filename="dni.png"/);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses a second open request for the same account', async () => {
    const caro = await customer(portal, 'norte', 'caro');
    const client = await signedIn(portal, caro);
    const id = await fileOwnershipChange(portal, client, caro);
    const url = formUrl('ownership-change', caro.accountNumber);
    expect((await client.get(url)).body).toContain(`href="/service-requests/${id}"`);
    const again = await postMultipart(portal, client, url, OWNERSHIP_FIELDS, OWNERSHIP_FILES);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Ya hay un trámite de este tipo en curso');
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM service_requests WHERE account_id = ?', [caro.accountId])).toEqual([{ n: 1 }]);
  });
});

describe('what the form refuses', () => {
  let dani: Customer;
  let client: Awaited<ReturnType<typeof signedIn>>;
  let url: string;
  beforeAll(async () => {
    dani = await customer(portal, 'norte', 'dani');
    client = await signedIn(portal, dani);
    url = formUrl('ownership-change', dani.accountNumber);
  });

  async function refused(fields: Record<string, string>, files = OWNERSHIP_FILES) {
    await client.get(url);
    const res = await postMultipart(portal, client, url, { ...OWNERSHIP_FIELDS, ...fields }, files);
    expect(res.statusCode, res.body).toBe(422);
    return res.body;
  }

  it.each([
    ['12.345.67A', 'Ingresá el DNI (7 u 8 números) o el CUIT/CUIL (11 números) del nuevo titular'],
    ['123456', 'Ingresá el DNI (7 u 8 números) o el CUIT/CUIL (11 números) del nuevo titular'],
    ['20-12345678-5', 'El CUIT/CUIL del nuevo titular no es válido: el último dígito no coincide'],
    ['30.123.456', 'Ese documento es el del titular actual'],
  ])('refuses the document number %s with a message', async (value, message) => {
    const body = await refused({ newHolderDocument: value });
    expect(body).toContain(message);
    expect(body).toContain('aria-invalid="true"');
    expect(body).toContain(`value="${value}"`);
    expect(body).toContain('volvé a adjuntar los archivos');
  });

  it('refuses the filer’s own email, a missing consent and a bad phone', async () => {
    const body = await refused({ newHolderEmail: dani.email.toUpperCase(), currentHolderConsent: '', newHolderPhone: 'llamame' });
    expect(body).toContain('Ese email es el de tu usuario');
    expect(body).toContain('Tenés que marcar esta casilla para continuar.');
    expect(body).toContain('Revisá el formato de este dato.');
  });

  it('refuses a missing document, a renamed file and a wrong extension', async () => {
    const body = await refused({}, [
      { name: 'doc-consent', filename: 'nota.png', data: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png' },
      { name: 'doc-proof', filename: 'escritura.exe', data: PDF, type: 'application/pdf' },
    ]);
    expect(body).toContain('Adjuntá este documento (PDF, JPG, PNG, hasta 5 MB).');
    expect(body).toContain('El contenido del archivo no corresponde a PDF, JPG, PNG.');
    expect(body).toContain('El archivo tiene que ser PDF, JPG, PNG.');
  });

  it('stored neither a request nor a file for any refused form', async () => {
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM service_requests WHERE account_id = ?', [dani.accountId])).toEqual([{ n: 0 }]);
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM service_request_documents d JOIN service_requests r ON r.id = d.request_id WHERE r.account_id = ?', [dani.accountId])).toEqual([{ n: 0 }]);
  });
});

describe('the ownership change through the back office', () => {
  it('reviews, asks for more, takes the answer, approves: the holder changes and the old login loses the account', async () => {
    const eli = await customer(portal, 'norte', 'eli');
    const client = await signedIn(portal, eli);
    const id = await fileOwnershipChange(portal, client, eli);
    const staff = await operator(portal, 'norte', 'support');

    const queue = await staff.get('/staff/service-requests');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toMatch(new RegExp(`<tr data-request="${id}"[ >][\\s\\S]*?Cambio de titular[\\s\\S]*?NORTE-ELI[\\s\\S]*?Recibida`));
    const detail = await staff.get(`/staff/service-requests/${id}`);
    expect(detail.body).toContain('Sofía Benítez');
    expect(detail.body).toContain('DNI del nuevo titular (frente y dorso)');
    expect(detail.body).toContain('la cuenta NORTE-ELI pasa a Sofía Benítez');

    expect((await act(staff, id, 'review')).statusCode).toBe(303);
    expect((await requestRow(portal, id)).status).toBe('in_review');

    const empty = await act(staff, id, 'ask', { message: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Escribí qué información necesitás.');
    expect((await act(staff, id, 'ask', { message: 'La foto del DNI no se lee: mandá una más nítida.' })).statusCode).toBe(303);
    expect((await requestRow(portal, id)).status).toBe('needs_info');

    const page = await client.get(`/service-requests/${id}`);
    expect(page.body).toContain('Necesitamos más información:');
    expect(page.body).toContain('La foto del DNI no se lee: mandá una más nítida.');
    expect(page.body).toContain('id="answer"');
    const answer = await postMultipart(portal, client, `/service-requests/${id}/reply`, { message: 'Ahí va, de día.' }, [{ name: 'files', filename: 'dni-nitido.png', data: PNG, type: 'image/png' }]);
    expect(answer.statusCode, answer.body).toBe(303);
    expect((await requestRow(portal, id)).status).toBe('in_review');
    expect(await sql(portal, "SELECT slot, filename FROM service_request_documents WHERE request_id = ? AND slot = 'reply'", [id])).toEqual([{ slot: 'reply', filename: 'dni-nitido.png' }]);
    expect((await staff.get(`/staff/service-requests/${id}`)).body).toContain('Ahí va, de día.');

    const unconfirmed = await act(staff, id, 'approve', { confirm: '' });
    expect(unconfirmed.statusCode).toBe(422);
    expect((await accountRow(portal, eli.accountId)).holder_name).toBe('Eli');
    expect((await act(staff, id, 'approve')).statusCode).toBe(303);

    const transferred = await accountRow(portal, eli.accountId);
    expect(transferred).toEqual({ holder_name: 'Sofía Benítez', document_type: 'CUIT', document_number: '20123456786', email: 'sofia@example.com', customer_id: expect.any(Number) as unknown });
    expect(transferred.customer_id).not.toBe(eli.customerId);
    const row = await requestRow(portal, id);
    expect(row).toMatchObject({ status: 'approved', decided_by: expect.any(Number) as unknown });
    const [changed] = await auditRows(portal, 'norte', 'service-requests.ownership-changed');
    expect(changed).toMatchObject({ actor_type: 'staff', subject: 'NORTE-ELI' });
    expect(changed.details.before).toMatchObject({ holderName: 'Eli', documentType: 'DNI', documentNumber: '30123456', customerId: eli.customerId });
    expect(changed.details.after).toMatchObject({ holderName: 'Sofía Benítez', documentType: 'CUIT', documentNumber: '20123456786', customerId: null });
    expect((await auditRows(portal, 'norte', 'service-requests.approved')).map((r) => r.subject)).toContain(String(id));

    expect((await mailsTo(portal, eli.email)).map((m) => m.subject)).toEqual([
      `Recibimos tu solicitud N° ${id}: Cambio de titular`,
      `Estamos revisando tu solicitud N° ${id}`,
      `Necesitamos más información para tu solicitud N° ${id}`,
      `Recibimos tu respuesta a la solicitud N° ${id}`,
      `Aprobamos tu solicitud N° ${id}: Cambio de titular`,
    ]);
    const asked = (await mailsTo(portal, eli.email))[2];
    expect(asked.text).toContain('La foto del DNI no se lee');

    // The staff search tells the truth about access: the new holder has a key, not a login yet.
    const search = await staff.get('/staff/customers?q=NORTE-ELI');
    expect(search.statusCode).toBe(200);
    expect(search.body).toMatch(/NORTE-ELI<\/a>[\s\S]*?Sofía Benítez[\s\S]*?Clave enviada, sin primer ingreso/);
    expect(search.body).not.toContain('Con acceso');

    // The new holder had no login: they get their own first-access key and can use it.
    const [welcome] = await mailsTo(portal, 'sofia@example.com');
    expect(welcome.subject).toMatch(/^Tu clave de acceso a la oficina virtual de /);
    expect(welcome.text).toContain('NORTE-ELI');
    const key = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/.exec(welcome.text)?.[0];
    const sofia = browser(portal, HOSTS.norte);
    const login = await sofia.login('NORTE-ELI', key!);
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/account/password?first=1');
    await sofia.get('/account/password?first=1');
    const chosen = await sofia.post('/account/password?first=1', { password: 'una-clave-nueva-larga', confirm: 'una-clave-nueva-larga' });
    expect(chosen.statusCode, chosen.body).toBe(303);
    expect((await staff.get('/staff/customers?q=NORTE-ELI')).body).toMatch(/NORTE-ELI<\/a>[\s\S]*?Con acceso/);

    // The old login keeps its history but not the account.
    expect((await client.get('/services')).body).not.toContain('NORTE-ELI');
    expect((await client.get(formUrl('ownership-change', eli.accountNumber))).statusCode).toBe(404);
    const mine = await client.get(`/service-requests/${id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('data-status="approved"');
    expect(mine.body).not.toContain('id="answer"');
  });

  it('cannot be approved while it waits for the information asked of the customer: nothing changes until it is taken back for review', async () => {
    const kari = await customer(portal, 'norte', 'kari');
    const client = await signedIn(portal, kari);
    const id = await fileOwnershipChange(portal, client, kari, { newHolderEmail: 'nueva.kari@example.com' });
    const staff = await operator(portal, 'norte', 'support');
    expect((await act(staff, id, 'ask', { message: 'Falta la nota de conformidad firmada.' })).statusCode).toBe(303);
    const waiting = await staff.get(`/staff/service-requests/${id}`);
    expect(waiting.body).not.toContain('id="approve"');
    expect(waiting.body).toContain('hasta que responda no se puede aprobar');
    const mailsBefore = (await mailsTo(portal, kari.email)).length;

    const refused = await act(staff, id, 'approve');
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('La solicitud espera la información que le pediste al cliente: no se puede aprobar todavía y no se hizo ningún cambio.');
    expect(await requestRow(portal, id)).toMatchObject({ status: 'needs_info', decided_at: null, decided_by: null });
    expect(await accountRow(portal, kari.accountId)).toMatchObject({ holder_name: 'Kari', document_number: '30123456', customer_id: kari.customerId });
    expect((await auditRows(portal, 'norte', 'service-requests.approved')).map((r) => r.subject)).not.toContain(String(id));
    expect(await mailsTo(portal, 'nueva.kari@example.com')).toEqual([]);
    expect(await mailsTo(portal, kari.email)).toHaveLength(mailsBefore);

    // The customer brought the paper to the office: the operator takes it back for review, on the record, then approves.
    expect((await act(staff, id, 'review')).statusCode).toBe(303);
    expect((await requestRow(portal, id)).status).toBe('in_review');
    expect((await act(staff, id, 'approve')).statusCode).toBe(303);
    expect(await requestRow(portal, id)).toMatchObject({ status: 'approved' });
    expect((await accountRow(portal, kari.accountId)).holder_name).toBe('Sofía Benítez');
  });

  it('gives the account to the new holder’s login when one exists with that email', async () => {
    const fede = await customer(portal, 'norte', 'fede');
    const gabi = await customer(portal, 'norte', 'gabi');
    const id = await fileOwnershipChange(portal, await signedIn(portal, fede), fede, { newHolderEmail: gabi.email, newHolderDocument: '27111222' });
    expect((await act(await operator(portal, 'norte', 'billing'), id, 'approve')).statusCode).toBe(303);
    expect(await accountRow(portal, fede.accountId)).toMatchObject({ holder_name: 'Sofía Benítez', document_type: 'DNI', document_number: '27111222', customer_id: gabi.customerId });
    const services = await (await signedIn(portal, gabi)).get('/services');
    expect(services.body).toContain('NORTE-FEDE');
  });

  it("closes the account's other open requests, which the previous holder asked for", async () => {
    const juli = await customer(portal, 'norte', 'juli');
    const client = await signedIn(portal, juli);
    const cancel = await fileForm(client, formUrl('cancellation', juli.accountNumber, juli.services[0]), { reason: 'moving', understood: 'on' });
    const id = await fileOwnershipChange(portal, client, juli);
    expect((await act(await operator(portal, 'norte'), id, 'approve')).statusCode).toBe(303);
    expect(await requestRow(portal, cancel)).toMatchObject({ status: 'rejected', decision_note: expect.stringContaining(`la cuenta cambió de titular (solicitud N° ${id})`) as unknown });
    expect((await mailsTo(portal, juli.email)).map((m) => m.subject)).toContain(`Tu solicitud N° ${cancel} fue rechazada`);
    const [audit] = (await auditRows(portal, 'norte', 'service-requests.ownership-changed')).filter((r) => r.subject === 'NORTE-JULI');
    expect(audit.details.closedRequests).toEqual([cancel]);
    expect(await sql(portal, 'SELECT status FROM account_services WHERE id = ?', [juli.services[0]])).toEqual([{ status: 'active' }]);
  });

  it('rejects with a reason the customer reads, changing nothing on the account', async () => {
    const hugo = await customer(portal, 'norte', 'hugo');
    const client = await signedIn(portal, hugo);
    const id = await fileOwnershipChange(portal, client, hugo);
    const staff = await operator(portal, 'norte');
    expect((await act(staff, id, 'reject', { message: '' })).body).toContain('Escribí el motivo del rechazo.');
    expect((await act(staff, id, 'reject', { message: 'La nota de conformidad no está firmada.' })).statusCode).toBe(303);
    expect(await requestRow(portal, id)).toMatchObject({ status: 'rejected', decision_note: 'La nota de conformidad no está firmada.' });
    expect(await accountRow(portal, hugo.accountId)).toMatchObject({ holder_name: 'Hugo', document_number: '30123456', customer_id: hugo.customerId });
    const mails = await mailsTo(portal, hugo.email);
    expect(mails.at(-1)!.subject).toBe(`Tu solicitud N° ${id} fue rechazada`);
    expect(mails.at(-1)!.text).toContain('La nota de conformidad no está firmada.');
    expect((await client.get(`/service-requests/${id}`)).body).toContain('No pudimos aprobar tu solicitud:');
    // Decided is decided: a second decision changes nothing.
    const late = await act(staff, id, 'approve');
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('La solicitud cambió mientras tanto: ahora está «Rechazada». No se hizo ningún cambio.');
    expect((await requestRow(portal, id)).status).toBe('rejected');
  });
});

describe('identity fields', () => {
  it('do not change through the profile, whatever is posted', async () => {
    const ines = await customer(portal, 'norte', 'ines');
    const client = await signedIn(portal, ines);
    const before = await accountRow(portal, ines.accountId);
    await client.get('/account/profile');
    const res = await client.post('/account/profile', {
      email: ines.email,
      phone: '011 4444-5555',
      holderName: 'Otra Persona',
      documentType: 'CUIT',
      documentNumber: '20123456786',
      customerId: '1',
    });
    expect(res.statusCode).toBe(303);
    expect(await accountRow(portal, ines.accountId)).toEqual(before);
    const [{ phone }] = await sql<{ phone: string | null }>(portal, 'SELECT phone FROM customers WHERE id = ?', [ines.customerId]);
    expect(phone).toBe('011 4444-5555');
  });
});

describe('the profile page', () => {
  it('links each account to its change of holder where the tenant enables requests, and nowhere else', async () => {
    const ana = await customer(portal, 'norte', 'ana-profile');
    const page = await (await signedIn(portal, ana)).get('/account/profile');
    // Handlebars writes `=` in attributes as `&#x3D;`, which the browser reads back as `=`.
    expect(page.body).toContain(`href="/service-requests/new/ownership-change?account&#x3D;${encodeURIComponent(ana.accountNumber)}">Iniciar cambio de titular</a>`);
    const libre = await customer(portal, 'libre', 'leo-profile');
    expect((await (await signedIn(portal, libre)).get('/account/profile')).body).not.toContain('Iniciar cambio de titular');
  });
});
