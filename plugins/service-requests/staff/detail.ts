import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type StaffRoutesContext, Customer } from 'portal/sdk';
import type { RequestRow } from '../entities.ts';
import { allows } from '../domain/states.ts';
import { documentOf, historyOf, requestById } from '../data/requests.ts';
import { requestTranslator } from '../i18n.ts';
import { labelsOf, requestDetail } from '../view-models/request-view.ts';
import { requestTypesOf } from '../types/registry.ts';
import { sendDocument } from '../routes/document.ts';
import { staffNames } from './queue-query.ts';
import { PERMISSION_DECIDE, PERMISSION_VIEW } from './permissions.ts';

type ById = { Params: { id: string } };
type DocumentParams = { Params: { id: string; documentId: string } };

export const MESSAGE_MAX = 2000;

export interface ActionForms {
  ask?: { message: string; error: string | null };
  reject?: { message: string; error: string | null };
  approve?: { error: string | null };
  /** Why the action asked for cannot happen in the request's present state. */
  state?: string;
}

/** The operator's page of one request: who, what, the files, the history, and what they may do next. */
export async function renderStaffDetail(request: FastifyRequest, reply: FastifyReply, ctx: StaffRoutesContext, row: RequestRow, forms: ActionForms = {}, status = 200) {
  const t = requestTranslator(ctx.portal.views, request);
  const events = await historyOf(request.em, row.id);
  const operatorIds = events.filter((e) => e.actorType === 'staff' && e.actorId != null).map((e) => e.actorId as number);
  const names = await staffNames(request.em, request.tenant.id, [...new Set(operatorIds)]);
  const detail = await requestDetail(
    request.em,
    {
      tenant: request.tenant,
      locale: request.locale,
      views: ctx.portal.views,
      types: requestTypesOf(ctx.portal),
      audience: 'staff',
      documentHref: (r, d) => `/staff/service-requests/${r.id}/documents/${d.id}`,
    },
    row,
    names,
  );
  const customer = row.customerId ? await request.em.findOne(Customer, { id: row.customerId }) : null;
  const { labels } = labelsOf({ tenant: request.tenant, locale: request.locale, views: ctx.portal.views, types: requestTypesOf(ctx.portal) }, row.type);
  const mayDecide = request.staff!.permissions.has(PERMISSION_DECIDE);
  const params = Object.fromEntries(Object.entries(row.data).map(([k, v]) => [k, String(v)]));
  return reply.staffPage(
    'service-requests/staff/detail',
    {
      item: detail,
      filer: customer ? { id: customer.id, name: customer.name, email: customer.email } : null,
      can: {
        review: mayDecide && allows('review', row.status),
        ask: mayDecide && allows('ask', row.status),
        approve: mayDecide && allows('approve', row.status),
        reject: mayDecide && allows('reject', row.status),
        decideAny: mayDecide && allows('reject', row.status),
      },
      approveEffect: labels?.optional('approveEffect', { ...params, account: detail.account?.number ?? '' }) ?? t('staff.approveEffect'),
      forms: {
        ask: forms.ask ?? { message: '', error: null },
        reject: forms.reject ?? { message: '', error: null },
        approve: forms.approve ?? { error: null },
        state: forms.state ?? null,
      },
      messageMax: MESSAGE_MAX,
    },
    { title: 'service-requests.staff.detailTitle', titleParams: { number: row.number, type: detail.title }, section: 'service-requests', status },
  );
}

export function detailRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<ById>('/service-requests/:id', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const row = await requestById(request.em, request.params.id);
    if (!row) return reply.callNotFound();
    return renderStaffDetail(request, reply, ctx, row);
  });

  app.get<DocumentParams>('/service-requests/:id/documents/:documentId', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const row = await requestById(request.em, request.params.id);
    const doc = row ? await documentOf(request.em, row.id, request.params.documentId) : null;
    if (!row || !doc) return reply.callNotFound();
    // Identity papers: who looked at them is worth knowing.
    ctx.audit(request, { action: 'service-requests.document-downloaded', outcome: 'success', subject: String(row.id), details: { document: doc.id, slot: doc.slot } });
    await request.em.flush();
    return sendDocument(reply, ctx.portal.files, request.tenant.id, doc);
  });
}
