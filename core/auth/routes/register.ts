import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InferEntity } from '@mikro-orm/core';
import type { CoreRouteDeps } from './index.ts';
import { Account, Customer } from '../../accounts/entities.ts';
import { documentProblem, normaliseDocument, sameDocument } from '../../accounts/documents.ts';
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
    accountNumber: { type: 'string', maxLength: 64 },
    documentNumber: { type: 'string', maxLength: 32 },
    email: { type: 'string', maxLength: 255 },
    _csrf: { type: 'string' },
  },
} as const;

const validateRegister = formValidator(
  {
    type: 'object',
    required: ['accountNumber', 'documentNumber', 'email'],
    properties: {
      accountNumber: { type: 'string', minLength: 1, maxLength: 64 },
      documentNumber: { type: 'string', minLength: 1, maxLength: 32 },
      email: { type: 'string', minLength: 3, maxLength: 255, format: 'email' },
    },
  },
  'register.errors',
);

type Values = { accountNumber: string; documentNumber: string; email: string };

/**
 * Self-registration: whoever knows an account's number and its holder's document, and reads the
 * mailbox they give, may open the login of that account. The answer is the same whether the
 * data matched or not, so the form cannot be used to find out which accounts exist.
 */
export async function registerRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, mail, links, views } = deps.services;
  const form = (reply: FastifyReply, values: Partial<Values>, errors: Record<string, string>, status = 200, error?: string) =>
    reply.page('register', { values, errors, error }, { title: 'register.title', status });

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
        accountNumber: text(body.accountNumber),
        documentNumber: text(body.documentNumber),
        email: text(body.email).toLowerCase(),
      };
      if (request.validationError) return form(reply, values, {}, 400, 'register.errors.invalid');
      const errors = validateRegister(values);
      const docProblem = values.documentNumber ? documentProblem(values.documentNumber) : null;
      if (docProblem) errors.documentNumber = docProblem;
      if (Object.keys(errors).length > 0) return form(reply, values, errors, 400);

      // Counted for unknown numbers too: being throttled says nothing about the account existing.
      const subject = values.accountNumber.toLowerCase();
      if ((await recentAttempts(request.em, 'register', subject, REGISTER_ACCOUNT_WINDOW_MIN)) >= REGISTER_ACCOUNT_LIMIT) {
        audit.record(request, { action: 'register', outcome: 'denied', subject, details: { reason: 'throttled' } });
        await request.em.flush();
        return form(reply, values, {}, 429, 'register.throttled');
      }

      const document = normaliseDocument(values.documentNumber)!;
      const account = await request.em.findOne(Account, { number: values.accountNumber });
      const matched = account !== null && sameDocument(account, document);
      await request.em.transactional(async (tx) => {
        const sent = matched ? await sendRegistrationMail(tx, request, account, values.email) : 'none';
        audit.recordWith(tx, request.tenant.id, {
          action: 'register',
          outcome: matched ? 'success' : 'failure',
          subject,
          details: { reason: matched ? undefined : account ? 'document' : 'unknown', sent },
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
