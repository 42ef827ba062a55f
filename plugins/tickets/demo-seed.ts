import type { EntityManager } from '@mikro-orm/postgresql';
import { type DemoSeedContext, AccountService, sql } from 'portal/sdk';
import type { TicketStatus } from './entities.ts';
import type { TicketsSettings } from './settings.ts';
import { nextNumber } from './data/numbers.ts';
import { insertMessage, insertStatusEvent, insertTicket, type Actor } from './data/write.ts';
import { changeStatus } from './data/transitions.ts';

interface DemoTicket {
  category: string[];
  subject: string;
  /** Customer, provider, customer…: who wrote each message, in turn, and what. */
  messages: string[];
  status: TicketStatus;
  daysAgo: number;
}

/** What customers of each kind of service really write about. */
const BY_KIND: Record<string, { subject: string; body: string; answer: string }> = {
  internet: {
    subject: 'Se corta la conexión a la noche',
    body: 'Desde hace una semana, entre las 21 y las 23, se corta internet varias veces. El módem queda con la luz roja parpadeando.',
    answer: 'Revisamos la señal de tu equipo y vemos microcortes en ese horario. ¿Podrás reiniciar el módem y contarnos si la luz vuelve a verde?',
  },
  water: {
    subject: 'Baja presión de agua por las mañanas',
    body: 'Todas las mañanas, entre las 7 y las 9, casi no sale agua de las canillas de arriba.',
    answer: 'Estamos haciendo trabajos en la red de tu zona. ¿La presión se normaliza después de las 9? Así descartamos un problema en tu conexión.',
  },
  electricity: {
    subject: 'Las luces titilan y baja la tensión',
    body: 'A la tarde las luces titilan y la heladera hace ruido, como si bajara la tensión.',
    answer: 'Mandamos una cuadrilla a medir la tensión en tu medidor. ¿Notás que pasa también los fines de semana?',
  },
  hosting: {
    subject: 'El sitio tarda mucho en cargar',
    body: 'Desde ayer la página principal tarda más de diez segundos en cargar. No hicimos cambios.',
    answer: 'Vemos un pico de consumo de la base de datos. ¿Instalaron algún complemento nuevo en WordPress?',
  },
  vps: {
    subject: 'No puedo entrar por SSH al servidor',
    body: 'Al conectarme por SSH me rechaza la conexión desde esta mañana.',
    answer: 'El firewall bloqueó tu IP tras varios intentos fallidos. Ya la liberamos; ¿podés probar de nuevo?',
  },
  email: {
    subject: 'No me llegan correos de Gmail',
    body: 'Los correos que me mandan desde cuentas de Gmail no llegan a mi casilla.',
    answer: 'Ajustamos el registro SPF del dominio. ¿Te llegó alguno después de las 15?',
  },
};

const GENERIC = {
  subject: 'Consulta sobre el servicio',
  body: 'Quisiera saber si hay algún problema conocido con el servicio en mi zona.',
  answer: 'No tenemos incidentes registrados en tu zona. ¿Nos contás qué estás notando?',
};

/** Finished conversations: asked, answered, thanked, closed. */
const CLOSED = [
  {
    subject: 'Consulta por un cargo en la factura',
    messages: [
      'En la última factura aparece un cargo por "servicio técnico" que no pedí. ¿Me lo pueden explicar?',
      'Tenés razón: el cargo se generó por error. Lo vamos a acreditar en tu próxima factura.',
      '¡Gracias por la respuesta rápida!',
    ],
  },
  {
    subject: 'Adhesión al débito automático',
    messages: [
      'Quiero pagar con débito automático de mi tarjeta. ¿Cómo lo hago?',
      'Ya quedó adherido: desde la próxima factura el pago se debita el día del vencimiento.',
      'Perfecto, muchas gracias.',
    ],
  },
];

/** Requests still waiting for the provider. */
const OPEN = [
  'Quiero cambiar la dirección de envío de la factura',
  'Necesito un certificado de libre deuda',
  '¿Puedo cambiar la titularidad a nombre de mi esposa?',
];

function plan(kind: string | undefined, accountNumber: string): DemoTicket[] {
  const k = BY_KIND[kind ?? ''] ?? GENERIC;
  const closed = pick(CLOSED, accountNumber);
  return [
    { category: ['billing'], subject: closed.subject, messages: closed.messages, status: 'closed', daysAgo: 24 },
    { category: ['technical'], subject: k.subject, messages: [k.body, k.answer], status: 'answered', daysAgo: 2 },
    {
      category: ['service-change', 'other'],
      subject: pick(OPEN, accountNumber),
      messages: ['Les escribo por este trámite. ¿Qué datos o documentos necesitan?'],
      status: 'open',
      daysAgo: 0,
    },
  ];
}

/** The same choice for the same account every run, so reseeding finds the tickets it made. */
function pick<T>(list: T[], key: string): T {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return list[(h >>> 0) % list.length];
}

/**
 * Three tickets per demo account that has a customer: one closed a while ago, one waiting for the
 * customer's answer, one waiting for the provider. Replies are signed by "the support team" (no
 * operator exists in the demo). A ticket is found again by account and subject, so seeding twice
 * changes nothing; demo data sends no email.
 */
export async function seedDemo({ tenant, em, accounts }: DemoSeedContext): Promise<void> {
  const settings = tenant.plugins.get('tickets') as unknown as TicketsSettings;
  const categoryIds = settings.categories.map((c) => c.id);
  for (const account of accounts) {
    if (account.customerId === null) continue;
    const services = await em.find(AccountService, { accountId: account.id }, { orderBy: { id: 'asc' } });
    for (const [i, ticket] of plan(services[0]?.kind, account.number).entries()) {
      const exists = await sql(em, `SELECT 1 FROM tickets WHERE tenant_id = ? AND account_id = ? AND subject = ?`, [tenant.id, account.id, ticket.subject]);
      if (exists.length) continue;
      await insertDemoTicket(em, tenant.id, settings, {
        customerId: account.customerId,
        accountId: account.id,
        serviceId: i === 1 ? (services[0]?.id ?? null) : null,
        category: ticket.category.find((c) => categoryIds.includes(c)) ?? categoryIds[0],
        ticket,
      });
    }
  }
}

async function insertDemoTicket(
  em: EntityManager,
  tenantId: string,
  settings: TicketsSettings,
  d: { customerId: number; accountId: number; serviceId: number | null; category: string; ticket: DemoTicket },
): Promise<void> {
  const customer: Actor = { type: 'customer', id: d.customerId };
  const team: Actor = { type: 'staff', id: null };
  // Opened `daysAgo` days (or three hours) back; each later step a few hours after the one before.
  let at = new Date(Date.now() - (d.ticket.daysAgo ? d.ticket.daysAgo * 86_400_000 : 3 * 3_600_000));
  const later = () => (at = new Date(at.getTime() + 5 * 3_600_000));
  const number = await nextNumber(em, tenantId, settings.firstNumber);
  const ticketId = await insertTicket(em, { tenantId, number, customerId: d.customerId, accountId: d.accountId, serviceId: d.serviceId, category: d.category, subject: d.ticket.subject, at });
  await insertStatusEvent(em, { tenantId, ticketId, from: null, to: 'open', actor: customer, at });
  let status: TicketStatus = 'open';
  for (const [i, body] of d.ticket.messages.entries()) {
    const fromCustomer = i % 2 === 0;
    if (i > 0) later();
    await insertMessage(em, { tenantId, ticketId, kind: fromCustomer ? 'customer' : 'staff', author: fromCustomer ? customer : team, body, at });
    const to: TicketStatus = fromCustomer ? 'open' : 'answered';
    if (to !== status) {
      await changeStatus(em, tenantId, ticketId, to, { from: [status], at });
      await insertStatusEvent(em, { tenantId, ticketId, from: status, to, actor: fromCustomer ? customer : team, at });
      status = to;
    }
  }
  if (d.ticket.status === 'closed') {
    later();
    await changeStatus(em, tenantId, ticketId, 'closed', { from: [status], at });
    await insertStatusEvent(em, { tenantId, ticketId, from: status, to: 'closed', actor: team, at });
  }
}
