import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ServiceRequest = defineEntity({
  name: 'ServiceRequest',
  tableName: 'service_requests',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    /** What the customer is told ("solicitud N°"): consecutive per tenant; URLs still take the id. */
    number: p.integer(),
    type: p.string(),
    accountId: p.integer(),
    serviceId: p.integer().nullable(),
    customerId: p.integer().nullable(),
    status: p.string(),
    data: p.json<Record<string, unknown>>(),
    externalId: p.string().nullable(),
    decisionNote: p.text().nullable(),
    decidedAt: p.datetime().nullable(),
    decidedBy: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const RequestEvent = defineEntity({
  name: 'ServiceRequestEvent',
  tableName: 'service_request_events',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    requestId: p.integer(),
    at: p.datetime().onCreate(() => new Date()),
    actorType: p.string(),
    actorId: p.integer().nullable(),
    kind: p.string(),
    status: p.string(),
    message: p.text().nullable(),
  },
});

export const RequestDocument = defineEntity({
  name: 'ServiceRequestDocument',
  tableName: 'service_request_documents',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    requestId: p.integer(),
    eventId: p.integer().nullable(),
    slot: p.string(),
    fileKey: p.string(),
    filename: p.string(),
    mime: p.string(),
    size: p.integer(),
    sha256: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type RequestRow = InferEntity<typeof ServiceRequest>;
export type EventRow = InferEntity<typeof RequestEvent>;
export type DocumentRow = InferEntity<typeof RequestDocument>;

export const entities = [ServiceRequest, RequestEvent, RequestDocument];
