import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, type UploadKind, requireCustomer, translate, answerAgain, earlierAnswer, submissionOf } from 'portal/sdk';
import type { RequestRow } from '../entities.ts';
import type { ServiceRequestsSettings } from '../settings.ts';
import { documentOf, ownedRequest } from '../data/requests.ts';
import { replyToRequest } from '../data/reply.ts';
import { requestTypesOf, type RequestTypeRegistry } from '../types/registry.ts';
import { readPostedForm } from '../documents/read-posted-form.ts';
import { acceptOf, checkReplyFiles, describeKinds, megabytes } from '../documents/check-documents.ts';
import { discard, storeFiles } from '../documents/store-files.ts';
import { requestTranslator } from '../i18n.ts';
import { requestDetail } from '../view-models/request-view.ts';
import { sendDocument } from './document.ts';

type ById = { Params: { id: string } };
type DocumentParams = { Params: { id: string; documentId: string } };

const REPLY_FIELD = 'files';
const MESSAGE_MAX = 2000;
/** Files one answer may carry; the request's total is bounded by `maxDocumentsPerRequest`. */
const REPLY_FILES = 3;

/** What an answer may attach: the kinds the type asks for, or the usual documents and photos. */
function replyKinds(types: RequestTypeRegistry, row: RequestRow): UploadKind[] {
  const kinds = (types.get(row.type)?.requiredDocuments ?? []).flatMap((d) => d.kinds);
  return kinds.length ? [...new Set(kinds)] : ['pdf', 'jpg', 'png'];
}

export function detailRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  async function render(request: FastifyRequest, reply: FastifyReply, row: RequestRow, form: { message?: string; error?: string | null; status?: number } = {}) {
    const t = requestTranslator(ctx.portal.views, request);
    const settings = ctx.settings<ServiceRequestsSettings>(request);
    const detail = await requestDetail(
      request.em,
      {
        tenant: request.tenant,
        locale: request.locale,
        views: ctx.portal.views,
        types: requestTypesOf(ctx.portal),
        audience: 'customer',
        documentHref: (r, d) => `/service-requests/${r.id}/documents/${d.id}`,
      },
      row,
    );
    const kinds = replyKinds(requestTypesOf(ctx.portal), row);
    return reply.page(
      'service-requests/detail',
      {
        request: detail,
        question: row.status === 'needs_info' ? [...detail.history].reverse().find((h) => h.kind === 'info-requested')?.message ?? null : null,
        answer:
          row.status === 'needs_info'
            ? {
                message: form.message ?? '',
                error: form.error ?? null,
                maxLength: MESSAGE_MAX,
                accept: acceptOf(kinds),
                hint: t('reply.filesHint', { count: REPLY_FILES, kinds: describeKinds(kinds), max: megabytes(settings.replyFileBytes, request.locale) }),
              }
            : null,
      },
      { title: t('detail.title', { number: row.number }), section: 'service-requests', status: form.status ?? 200 },
    );
  }

  app.get<ById>('/service-requests/:id', { preHandler: requireCustomer }, async (request, reply) => {
    const row = await ownedRequest(request.em, request.params.id, request.customer!.id);
    if (!row) return reply.callNotFound();
    return render(request, reply, row);
  });

  app.post<ById>('/service-requests/:id/reply', { preHandler: requireCustomer, config: { multipart: true } }, async (request, reply) => {
    const row = await ownedRequest(request.em, request.params.id, request.customer!.id);
    if (!row) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const settings = ctx.settings<ServiceRequestsSettings>(request);
    const posted = await readPostedForm(request, { maxFileBytes: settings.replyFileBytes, maxFiles: REPLY_FILES, accepts: (field) => field === REPLY_FIELD });
    const submission = submissionOf(request, 'service-requests.reply', posted.fields);
    const earlier = await earlierAnswer(request.em, submission);
    if (earlier) return answerAgain(ctx.portal.views, request, reply, earlier);
    const message = (posted.fields.message ?? '').replace(/\r\n/g, '\n').trim();
    const show = (error: string, status: number) => render(request, reply, row, { message, error, status });
    if (row.status !== 'needs_info') return show(t('reply.errors.closed'), 409);
    if (message.length > MESSAGE_MAX) return show(t('form.errors.maxLength', { limit: MESSAGE_MAX }), 422);
    const checked = await checkReplyFiles(posted.files, replyKinds(requestTypesOf(ctx.portal), row), settings.replyFileBytes, request.locale);
    if (checked.error) return show(t(checked.error.key, checked.error.params), 422);
    if (!message && checked.accepted.length === 0) return show(t('reply.errors.empty'), 422);

    const stored = await storeFiles(ctx.portal.files, request.tenant.id, checked.accepted);
    let result;
    try {
      result = await replyToRequest(request, ctx.portal, { requestId: row.id, message: message || null, files: stored, maxDocuments: settings.maxDocumentsPerRequest, submission });
    } catch (err) {
      await discard(ctx.portal.files, request.tenant.id, stored);
      throw err;
    }
    if (typeof result === 'object') {
      // The same form, sent at the same moment, was answered first.
      await discard(ctx.portal.files, request.tenant.id, stored);
      return answerAgain(ctx.portal.views, request, reply, result.again);
    }
    if (result !== 'ok') {
      await discard(ctx.portal.files, request.tenant.id, stored);
      request.em.clear();
      const fresh = (await ownedRequest(request.em, request.params.id, request.customer!.id))!;
      const error = result === 'too-many-files' ? t('reply.errors.tooManyFiles', { max: settings.maxDocumentsPerRequest }) : t('reply.errors.closed');
      return render(request, reply, fresh, { message, error, status: 409 });
    }
    await ctx.portal.events.emit(request.tenant, request.em, 'service-requests.status-changed', { requestId: row.id, type: row.type, status: 'in_review', accountId: row.accountId, serviceId: row.serviceId ?? null });
    reply.flash('success', translate(ctx.portal.views, request, 'service-requests.reply.sent'));
    return reply.redirect(`/service-requests/${row.id}`, 303);
  });

  app.get<DocumentParams>('/service-requests/:id/documents/:documentId', { preHandler: requireCustomer }, async (request, reply) => {
    const row = await ownedRequest(request.em, request.params.id, request.customer!.id);
    const doc = row ? await documentOf(request.em, row.id, request.params.documentId) : null;
    if (!doc) return reply.callNotFound();
    return sendDocument(reply, ctx.portal.files, request.tenant.id, doc);
  });
}
