import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type PluginRoutesContext, requireCustomer, translate, answerAgain, claimSubmission, earlierAnswer, recordAnswer, submissionOf } from 'portal/sdk';
import { ServiceRequest } from '../entities.ts';
import { OPEN_STATUSES } from '../domain/states.ts';
import type { AccountRow, RequestType, ServiceRow } from '../types/contract.ts';
import { requestTypesOf, type RequestTypeRegistry } from '../types/registry.ts';
import { applies, formSchemaOf, targetContext } from '../types/target.ts';
import { readValues } from '../form/read-values.ts';
import { validateForm } from '../form/validate-form.ts';
import { readPostedForm } from '../documents/read-posted-form.ts';
import { checkDocuments, fieldOfDocument } from '../documents/check-documents.ts';
import { discard, storeFiles } from '../documents/store-files.ts';
import { fileRequest } from '../data/file-request.ts';
import { requestTranslator, typeLabels } from '../i18n.ts';
import { chosenTarget } from './customer-targets.ts';
import { renderForm } from './form-page.ts';

type NewRequest = { Params: { type: string }; Querystring: { account?: string; service?: string } };


/** The type and target in the URL, only if the tenant offers the type and it applies to a target of this customer. */
async function resolve(request: FastifyRequest<NewRequest>, types: RequestTypeRegistry): Promise<{ type: RequestType; target: { account: AccountRow; service: ServiceRow | null } } | null> {
  const type = types.offered(request.tenant, request.params.type);
  if (!type) return null;
  const target = await chosenTarget(request, request.query);
  if (!target || !applies(type, targetContext(type, request.tenant, target.account, target.service, request.locale))) return null;
  return { type, target };
}

/** The request already open for this type and target, if any, and whether this customer may open it. */
async function openOne(request: FastifyRequest, type: RequestType, target: { account: AccountRow; service: ServiceRow | null }) {
  const open = await request.em.findOne(ServiceRequest, {
    type: type.id,
    accountId: target.account.id,
    serviceId: target.service?.id ?? null,
    status: { $in: [...OPEN_STATUSES] },
  });
  if (!open) return null;
  return { href: open.customerId === request.customer!.id ? `/service-requests/${open.id}` : null };
}

export function submitRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<NewRequest>('/service-requests/new/:type', { preHandler: requireCustomer }, async (request, reply) => {
    const found = await resolve(request, requestTypesOf(ctx.portal));
    if (!found) return reply.callNotFound();
    const existing = await openOne(request, found.type, found.target);
    return renderForm(request, reply, ctx, found.type, found.target, { values: {}, errors: {}, existing });
  });

  app.post<NewRequest>('/service-requests/new/:type', { preHandler: requireCustomer, config: { multipart: true } }, async (request, reply) => {
    const found = await resolve(request, requestTypesOf(ctx.portal));
    if (!found) return reply.callNotFound();
    const { type, target } = found;
    const t = requestTranslator(ctx.portal.views, request);
    const labels = typeLabels(ctx.portal.views, request.tenant, request.locale, type);
    const documents = type.requiredDocuments ?? [];
    const posted = await readPostedForm(request, {
      maxFileBytes: Math.max(1, ...documents.map((d) => d.maxBytes)),
      maxFiles: Math.max(1, documents.length),
      accepts: (field) => documents.some((d) => fieldOfDocument(d.id) === field),
    });
    const submission = submissionOf(request, 'service-requests.submit', posted.fields);
    const earlier = await earlierAnswer(request.em, submission);
    if (earlier) return answerAgain(ctx.portal.views, request, reply, earlier);

    const tctx = targetContext(type, request.tenant, target.account, target.service, request.locale);
    const schema = formSchemaOf(type, tctx);
    const data = readValues(schema, posted.fields);
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(validateForm(schema, data))) {
      errors[field] = labels.optional(`fields.${field}.error`) ?? t(message.key, message.params);
    }
    const own = type.validate?.(data, { ...tctx, customer: { id: request.customer!.id, email: request.customer!.email } }) ?? {};
    // The type knows its fields best: its message replaces the schema's generic one.
    for (const [field, key] of Object.entries(own)) errors[field] = labels.message({ key });
    const checked = await checkDocuments(documents, posted.files, request.locale);
    for (const [field, message] of Object.entries(checked.errors)) errors[field] = t(message.key, message.params);
    const existing = await openOne(request, type, target);

    if (Object.keys(errors).length > 0 || existing) {
      // The open request in the way may be this very form's, filed by a copy sent at the same moment.
      const filedBySame = existing ? await earlierAnswer(request.em, submission) : null;
      if (filedBySame) return answerAgain(ctx.portal.views, request, reply, filedBySame);
      return renderForm(request, reply, ctx, type, target, {
        values: data,
        errors,
        filesAgain: posted.files.length > 0,
        existing,
        status: existing ? 409 : 422,
      });
    }

    const stored = await storeFiles(ctx.portal.files, request.tenant.id, checked.accepted);
    let filed: { id: number; number: number } | { again: string };
    try {
      filed = await request.em.transactional(async (em) => {
        const again = await claimSubmission(em, submission);
        if (again) return { again };
        const row = await fileRequest(em, ctx.portal, {
          tenant: request.tenant,
          type,
          accountId: target.account.id,
          serviceId: target.service?.id ?? null,
          customerId: request.customer!.id,
          data,
          files: stored,
          actor: { type: 'customer', id: request.customer!.id },
          notify: true,
        });
        ctx.portal.audit.recordWith(em, request.tenant.id, { action: 'service-requests.submitted', outcome: 'success', subject: String(row.id), details: { type: type.id, account: target.account.number } }, request);
        // In the transaction, so the provider's request.submitted delivery commits with the request.
        await ctx.portal.events.emit(request.tenant, em, 'service-requests.submitted', { requestId: row.id, type: type.id, accountId: target.account.id, serviceId: target.service?.id ?? null });
        await recordAnswer(em, submission, `/service-requests/${row.id}`);
        await em.flush();
        return { id: row.id, number: row.number };
      });
    } catch (err) {
      await discard(ctx.portal.files, request.tenant.id, stored);
      // Another tab filed the same request a moment ago: show it rather than an error page.
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      request.em.clear();
      const filedBySame = await earlierAnswer(request.em, submission);
      if (filedBySame) return answerAgain(ctx.portal.views, request, reply, filedBySame);
      const again = await openOne(request, type, target);
      return renderForm(request, reply, ctx, type, target, { values: data, errors: {}, filesAgain: stored.length > 0, existing: again ?? { href: null }, status: 409 });
    }
    if ('again' in filed) {
      // The same form, sent at the same moment, filed the request first.
      await discard(ctx.portal.files, request.tenant.id, stored);
      return answerAgain(ctx.portal.views, request, reply, filed.again);
    }
    reply.flash('success', translate(ctx.portal.views, request, request.customer!.email ? 'service-requests.submittedMailed' : 'service-requests.submitted', { number: filed.number }));
    return reply.redirect(`/service-requests/${filed.id}`, 303);
  });
}
