import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { customer, mails, openThroughForm, signedIn, startTicketsPortal } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTicketsPortal();
});
afterAll(async () => portal?.dispose());

describe("the tickets emails' note on replying by email, as the footer says", () => {
  it('where Reply-To is set (nube): a reply reaches that address, not the ticket; never "do not reply"', async () => {
    const bruno = await customer(portal, 'nube', 'bruno', [{ kind: 'hosting', plan: 'Hosting Pyme' }]);
    await openThroughForm(portal, await signedIn(portal, 'nube', bruno), { category: 'dns', service: String(bruno.services[0]), subject: 'Reply note', message: 'Hello.' });
    const sent = await mails(portal, 'nube');
    expect(sent.map((m) => m.to_address).sort()).toEqual(['bruno@nube.test', 'guardia@nube.test', 'noc@nube.test']);
    for (const mail of sent) {
      expect(mail.text).toContain('A reply to this email reaches help@nube.test but is not added to the ticket: to answer it, open the ticket with the link.');
      expect(mail.text).toContain('Questions? Reply to this email: your answer reaches help@nube.test.');
      expect(mail.text).not.toMatch(/do not reply|not received/);
      expect(mail.html).not.toMatch(/do not reply|not received/);
    }
  });

  it('without Reply-To (soporte): the no-reply line stays, in both parts', async () => {
    const ana = await customer(portal, 'soporte', 'ana');
    await openThroughForm(portal, await signedIn(portal, 'soporte', ana), { subject: 'Nota', message: 'Hola.' });
    const [mail] = (await mails(portal, 'soporte')).filter((m) => m.to_address === 'ana@soporte.test');
    expect(mail.text).toContain('Por favor, no respondas este email: las respuestas por email no se reciben.');
    expect(mail.html).toContain('Este es un mensaje automático; por favor, no lo respondas.');
    expect(mail.text).not.toContain('tu respuesta llega a');
  });
});
