import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError, sql, iso, type PortalServices, type Tenant } from 'portal/sdk';
import { documentsOf, historyOf } from '../data/requests.ts';
import { requestTypesOf } from '../types/registry.ts';
import { typeLabels } from '../i18n.ts';
import { STATUSES } from '../domain/states.ts';
import { decisionOf, decisionView, REQUEST_FROM, REQUEST_SELECT, requestItemOf, requestItemView, type RequestItemRow } from './request-view.ts';

export const requestDetailView = {
  type: 'object',
  properties: {
    ...requestItemView.properties,
    typeTitle: { type: 'string', description: "The type's name in English; its id when the plugin that declared it is gone." },
    answers: {
      type: 'object',
      additionalProperties: true,
      description: "The form as the customer sent it, keyed by the type's field names (its JSON Schema); empty optional fields are left out.",
    },
    documents: {
      type: 'array',
      description: 'Files the customer sent; their contents are served to staff only.',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          slot: { type: 'string', description: "The type's document requirement it fulfils, or `reply` for one sent when asked for more." },
          filename: { type: 'string' },
          mime: { type: 'string' },
          size: { type: 'integer', description: 'Bytes.' },
          addedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    history: {
      type: 'array',
      description: 'What happened to the request, oldest first, as the customer sees it.',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          kind: { type: 'string', enum: ['submitted', 'review-started', 'info-requested', 'customer-replied', 'approved', 'rejected'] },
          status: { type: 'string', enum: [...STATUSES], description: "The request's status right after it." },
          actor: { type: 'string', enum: ['customer', 'staff', 'system'], description: '`system` for automatic steps and decisions made through this API.' },
          message: { type: ['string', 'null'], description: "A question, the customer's answer, a note or a rejection's reason." },
        },
      },
    },
    decision: decisionView,
  },
} as const;

/** One request of the tenant with its answers, files and history; 404 when the tenant has no such request. */
export async function requestDetail(em: EntityManager, portal: Pick<PortalServices, 'views' | 'plugins'>, tenant: Tenant, id: number) {
  const [row] = await sql<RequestItemRow>(em, `${REQUEST_SELECT} ${REQUEST_FROM} AND r.id = ?`, [tenant.id, id]);
  if (!row) throw new ApiError(404, `no service request ${id}`);
  const [events, documents] = await Promise.all([historyOf(em, id), documentsOf(em, id)]);
  const type = requestTypesOf(portal).get(row.type);
  return {
    ...requestItemOf(row),
    typeTitle: type ? typeLabels(portal.views, tenant, 'en', type).title : row.type,
    answers: row.data ?? {},
    documents: documents.map((d) => ({ id: d.id, slot: d.slot, filename: d.filename, mime: d.mime, size: d.size, addedAt: iso(d.createdAt) })),
    history: events.map((e) => ({ at: iso(e.at), kind: e.kind, status: e.status, actor: e.actorType, message: e.message ?? null })),
    decision: decisionOf(row),
  };
}
