import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UniqueConstraintViolationException, type InferEntity } from '@mikro-orm/core';
import type { CoreRouteDeps } from '../auth/routes/index.ts';
import { requireCustomer } from '../auth/session-hook.ts';
import { findCustomerByEmail } from '../auth/find-customer.ts';
import { translate } from '../auth/translate.ts';
import { Account, Customer } from './entities.ts';
import { formValidator, text, type FieldErrors } from './form-validation.ts';

/** The contact fields a customer edits; identity (holder, document) changes by "cambio de titular" only. */
const CONTACT_FIELDS = ['email', 'phone', 'mobile', 'address'] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
type Contact = Record<ContactField, string>;

// Digits with the usual separators and an optional leading +, at least six digits in all.
const PHONE = '^$|^(?=(?:\\D*\\d){6})\\+?[0-9 ().-]{6,32}$';

/** Guards the shape only; what each field must look like is told per field by validateContact. */
const profileBody = {
  type: 'object',
  properties: Object.fromEntries([...CONTACT_FIELDS, '_csrf'].map((f) => [f, { type: 'string', maxLength: 1024 }])),
};

const validateContact = formValidator(
  {
    type: 'object',
    required: ['email'],
    properties: {
      email: { type: 'string', minLength: 3, maxLength: 255, format: 'email' },
      phone: { type: 'string', maxLength: 32, pattern: PHONE },
      mobile: { type: 'string', maxLength: 32, pattern: PHONE },
      address: { type: 'string', maxLength: 255 },
    },
  },
  'profile.errors',
);

export async function profileRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, events, views } = deps.services;

  const accountActions = deps.plugins.flatMap((p) => (p.definition.accountActions ?? []).map((action) => ({ plugin: p.name, action })));

  async function render(request: FastifyRequest, reply: FastifyReply, values: Contact, errors: FieldErrors = {}, status = 200) {
    const accounts = await request.em.find(Account, { customerId: request.customer!.id }, { orderBy: { number: 'asc' } });
    const catalog = views.catalogFor(request.tenant);
    const actions = accountActions.filter((a) => request.tenant.plugins.has(a.plugin));
    const label = (plugin: string, key: string) =>
      catalog.t(request.locale, catalog.has(request.locale, `${plugin}.${key}`) ? `${plugin}.${key}` : key);
    return reply.page(
      'account-profile',
      {
        values,
        errors,
        hasErrors: Object.keys(errors).length > 0,
        accounts: accounts.map((a) => ({
          number: a.number,
          holderName: a.holderName,
          documentType: a.documentType,
          documentNumber: a.documentNumber,
          actions: actions.map(({ plugin, action }) => ({
            label: label(plugin, action.label),
            href: action.href.replace('{number}', encodeURIComponent(a.number)),
          })),
        })),
      },
      { title: 'profile.title', section: 'profile', status },
    );
  }

  app.get('/account/profile', { preHandler: requireCustomer }, async (request, reply) => {
    const customer = await request.em.findOneOrFail(Customer, { id: request.customer!.id });
    return render(request, reply, contactOf(customer));
  });

  app.post('/account/profile', { preHandler: requireCustomer, schema: { body: profileBody }, attachValidation: true }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Only the contact fields are read: a posted holderName or documentNumber is simply ignored.
    const values = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, text(body[f])])) as Contact;
    values.email = values.email.toLowerCase();
    const errors = validateContact(values);
    // An oversized or repeated field: tell the customer which one rather than refuse the page.
    for (const e of (request.validationError?.validation ?? []) as { instancePath: string }[]) {
      const field = e.instancePath.split('/')[1];
      if (field && (CONTACT_FIELDS as readonly string[]).includes(field)) errors[field] ??= `profile.errors.${field}`;
    }
    if (Object.keys(errors).length > 0) return render(request, reply, values, errors, 400);

    const customer = await request.em.findOneOrFail(Customer, { id: request.customer!.id });
    const before = contactOf(customer);
    const changed = CONTACT_FIELDS.filter((f) => before[f] !== values[f]);
    if (changed.length === 0) {
      reply.flash('info', translate(views, request, 'profile.unchanged'));
      return reply.redirect('/account/profile', 303);
    }
    if (changed.includes('email')) {
      const owner = await findCustomerByEmail(request.em, values.email);
      if (owner && owner.id !== customer.id) return render(request, reply, values, { email: 'profile.errors.emailTaken' }, 409);
    }

    for (const field of changed) customer[field] = values[field] || null;
    // A new address has not been shown to reach the customer yet.
    if (changed.includes('email')) customer.emailVerifiedAt = null;
    audit.record(request, { action: 'profile.update', outcome: 'success', subject: String(customer.id), details: { fields: changed } });
    try {
      await request.em.flush();
    } catch (err) {
      // Two logins claiming one address at the same moment: the unique index decides, politely.
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      request.em.clear();
      return render(request, reply, values, { email: 'profile.errors.emailTaken' }, 409);
    }
    await events.emit(request.tenant, request.em, 'customer.contact-changed', { customerId: customer.id, fields: changed });
    reply.flash('success', translate(views, request, 'profile.saved'));
    return reply.redirect('/account/profile', 303);
  });
}

function contactOf(customer: InferEntity<typeof Customer>): Contact {
  return {
    email: (customer.email ?? '').toLowerCase(),
    phone: customer.phone ?? '',
    mobile: customer.mobile ?? '',
    address: customer.address ?? '',
  };
}
