import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import type { AccountRow, RequestType, ServiceRow } from '../types/contract.ts';
import { formSchemaOf, targetContext } from '../types/target.ts';
import { fieldViews } from '../form/field-views.ts';
import { acceptOf, describeKinds, fieldOfDocument, megabytes } from '../documents/check-documents.ts';
import { requestTranslator, typeLabels } from '../i18n.ts';
import { newRequestHref } from '../types/offers.ts';
import { serviceLabel } from '../view-models/request-view.ts';

export interface FormState {
  values: Record<string, unknown>;
  /** Field name (or `doc-<id>`) → message shown under it. */
  errors: Record<string, string>;
  /** Files were sent with a form that came back: the browser does not keep them. */
  filesAgain?: boolean;
  /** An open request of this type for this target already exists. */
  existing?: { href: string | null } | null;
  status?: number;
}

/** The generic form of a request type: its fields from the schema, its documents, its notice. */
export function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: PluginRoutesContext,
  type: RequestType,
  target: { account: AccountRow; service: ServiceRow | null },
  state: FormState,
) {
  const t = requestTranslator(ctx.portal.views, request);
  const labels = typeLabels(ctx.portal.views, request.tenant, request.locale, type);
  const tctx = targetContext(type, request.tenant, target.account, target.service, request.locale);
  const notice = type.notice?.(tctx) ?? null;
  const documents = (type.requiredDocuments ?? []).map((doc) => {
    const field = fieldOfDocument(doc.id);
    const limits = t('documents.limits', { kinds: describeKinds(doc.kinds), max: megabytes(doc.maxBytes, request.locale) });
    const own = labels.optional(`documents.${doc.id}.hint`);
    return {
      field,
      label: labels.required(`documents.${doc.id}.label`),
      hint: own ? `${own} ${limits}` : limits,
      accept: acceptOf(doc.kinds),
      required: !doc.optional,
      error: state.errors[field] ?? null,
    };
  });
  return reply.page(
    'service-requests/form',
    {
      kind: { id: type.id, title: labels.title, description: labels.description },
      notice: notice ? labels.message(notice) : null,
      target: {
        account: { number: target.account.number, holderName: target.account.holderName },
        service: target.service ? { label: serviceLabel(target.service), status: t(`serviceStatus.${target.service.status}`) } : null,
      },
      fields: fieldViews(formSchemaOf(type, tctx), labels, state.values, state.errors),
      documents,
      multipart: documents.length > 0,
      action: newRequestHref(type.id, target.account, target.service),
      hasErrors: Object.keys(state.errors).length > 0,
      filesAgain: Boolean(state.filesAgain),
      existing: state.existing ?? null,
    },
    { title: labels.title, section: 'service-requests', status: state.status ?? 200 },
  );
}
