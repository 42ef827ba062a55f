import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InferEntity } from '@mikro-orm/core';
import type { CoreRouteDeps } from './index.ts';
import { Account, Customer } from '../../accounts/entities.ts';
import { isRegistrationDocumentType, readTypedDocument, REGISTRATION_DOCUMENT_TYPES, sameHolderName, sameTypedDocument } from '../registration-identity.ts';
import { formValidator, text } from '../../accounts/form-validation.ts';
import { recentAttempts } from '../attempts.ts';
import { issueToken } from '../tokens.ts';
import { translate } from '../translate.ts';

export const VERIFY_TOKEN_MINUTES = 60;
/** Each attempt may send an email and tests a guess at the holder's document: few per account. */
export const REGISTER_ACCOUNT_WINDOW_MIN = 60;
export const REGISTER_ACCOUNT_LIMIT = 5;

const registerBody = {
  type: 'object',
  properties: {
    holderName: { type: 'string', maxLength: 200 },
    accountNumber: { type: 'string', maxLength: 64 },
    documentType: { type: 'string', maxLength: 8 },
    documentNumber: { type: 'string', maxLength: 32 },
    email: { type: 'string', maxLength: 255 },
    _csrf: { type: 'string' },
  },
} as const;

const validateRegister = formValidator(
  {
    type: 'object',
    required: ['holderName', 'accountNumber', 'documentType', 'documentNumber', 'email'],
    properties: {
      holderName: { type: 'string', minLength: 2, maxLength: 200, pattern: '\\p{L}' },
      accountNumber: { type: 'string', minLength: 1, maxLength: 64 },
      documentType: { type: 'string', enum: Object.keys(REGISTRATION_DOCUMENT_TYPES) },
      documentNumber: { type: 'string', minLength: 1, maxLength: 32 },
      email: { type: 'string', minLength: 3, maxLength: 255, format: 'email' },
    },
  },
  'register.errors',
);

const DOCUMENT_TYPE_OPTIONS = Object.keys(REGISTRATION_DOCUMENT_TYPES).map((value) => ({ value }));

type Values = { holderName: string; accountNumber: string; documentType: string; documentNumber: string; email: string };
const FIELD_ORDER: (keyof Values)[] = ['holderName', 'accountNumber', 'documentType', 'documentNumber', 'email'];

/**
 * Self-registration: whoever knows an account's number and its holder's name and document (type
 * and number), and reads the mailbox they give, may open the login of that account. What the form
 * can judge alone (a missing name, a CUIT of 8 digits) gets a message beside the field; whether the
 * data match an account does not: the answer is the same either way, so the form cannot be used to
 * find out which accounts exist, nor to confirm a guessed document by a "wrong name" reply.
 */
export async function registerRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, mail, links, views } = deps.services;
  // A refused form opens with the first field in error focused (in the form's order), so keyboard
  // and screen-reader users land on its message instead of the top of the page.
  const form = (reply: FastifyReply, values: Partial<Values>, errors: Record<string, string>, status = 200, error?: string) =>
    reply.page('register', { values, errors, error, focus: FIELD_ORDER.find((f) => errors[f]), documentTypes: DOCUMENT_TYPE_OPTIONS }, { title: 'register.title', status });

  app.get('/register', async (request, reply) => {
    if (request.customer) return reply.redirect('/dashboard');
    return form(reply, {}, {});
  });


  app.post(
    '/register',
    {
      schema: { body: registerBody },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '10 minutes' } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values: Values = {
        holderName: text(body.holderName),
        accountNumber: text(body.accountNumber),
        documentType: text(body.documentType).toUpperCase(),
        documentNumber: text(body.documentNumber),
        email: text(body.email).toLowerCase(),
      };
      if (request.validationError) return form(reply, values, {}, 400, 'register.errors.invalid');
      const errors = validateRegister(values);
      const typed = values.documentNumber && isRegistrationDocumentType(values.documentType) ? readTypedDocument(values.documentType, values.documentNumber) : null;
      if (typeof typed === 'string') errors.documentNumber = typed;
      if (Object.keys(errors).length > 0 || !typed || typeof typed === 'string') return form(reply, values, errors, 400);

      // Counted for unknown numbers too: being throttled says nothing about the account existing.
      const subject = values.accountNumber.toLowerCase();
      if ((await recentAttempts(request.em, 'register', subject, REGISTER_ACCOUNT_WINDOW_MIN)) >= REGISTER_ACCOUNT_LIMIT) {
        audit.record(request, { action: 'register', outcome: 'denied', subject, details: { reason: 'throttled' } });
        await request.em.flush();
        return form(reply, values, {}, 429, 'register.throttled');
      }

      const account = await request.em.findOne(Account, { number: values.accountNumber });
      const mismatch = !account ? 'unknown' : !sameTypedDocument(account, typed) ? 'document' : !sameHolderName(account.holderName, values.holderName) ? 'name' : null;
      const matched = account !== null && mismatch === null;
      await request.em.transactional(async (tx) => {
        const sent = matched ? await sendRegistrationMail(tx, request, account, values.email) : 'none';
        audit.recordWith(tx, request.tenant.id, {
          action: 'register',
          outcome: matched ? 'success' : 'failure',
          subject,
          details: { reason: mismatch ?? undefined, sent },
        }, request);
        await tx.flush();
      });
      return reply.page('check-email', { message: translate(views, request, 'register.sent', { email: values.email, minutes: VERIFY_TOKEN_MINUTES }) }, { title: 'register.sentTitle' });
    },
  );

  /** A new login gets a link to set its password; an existing one is told how to recover it instead. */
  async function sendRegistrationMail(
    tx: FastifyRequest['em'],
    request: FastifyRequest,
    account: InferEntity<typeof Account>,
    email: string,
  ): Promise<'verify' | 'already-registered' | 'none'> {
    const { tenant, brand } = request;
    const customer = account.customerId ? await tx.findOne(Customer, { id: account.customerId }) : null;
    if (customer?.lockedAt) return 'none';
    if (customer?.passwordHash) {
      await mail.queue(tx, {
        tenant,
        brand,
        to: email,
        locale: request.locale,
        template: 'emails/already-registered',
        subject: 'emails.alreadyRegistered.subject',
        subjectParams: { brand: brand.name },
        data: {
          name: account.holderName,
          accountNumber: account.number,
          forgotUrl: links.absolute(tenant, '/password/forgot', brand),
          loginUrl: links.absolute(tenant, '/login', brand),
        },
      });
      return 'already-registered';
    }
    const token = await issueToken(tx, tenant.id, {
      kind: 'verify',
      minutes: VERIFY_TOKEN_MINUTES,
      accountId: account.id,
      customerId: customer?.id ?? null,
      email,
    });
    await mail.queue(tx, {
      tenant,
      brand,
      to: email,
      locale: request.locale,
      template: 'emails/verify-email',
      subject: 'emails.verifyEmail.subject',
      subjectParams: { brand: brand.name },
      data: {
        name: account.holderName,
        accountNumber: account.number,
        minutes: VERIFY_TOKEN_MINUTES,
        verifyUrl: links.absolute(tenant, `/register/verify?token=${token}`, brand),
      },
    });
    return 'verify';
  }
}
