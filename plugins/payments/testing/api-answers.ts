import type { agreementOf } from '../provider-api/agreement-view.ts';
import type { onlinePaymentOf } from '../provider-api/online-payment-view.ts';
import type { paymentReportOf } from '../provider-api/payment-report-view.ts';

/** The provider API's answers as tests read them (`res.json<Page<OnlinePayment>>()`): the views' shapes, already JSON (dates as ISO text). */
export type OnlinePayment = ReturnType<typeof onlinePaymentOf>;
export type PaymentReport = ReturnType<typeof paymentReportOf>;
export type Agreement = ReturnType<typeof agreementOf>;

/** A list's page (core's toPage). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  hasMore: boolean;
}

/** core's problemSchema: a refused call. */
export interface ApiProblem {
  statusCode: number;
  error: string;
  message: string;
  problems?: { field: string; in?: string; message: string }[];
  requestId: string;
}

/** The OpenAPI document, as far as the tests read it. */
export interface OpenApiDoc {
  tags: { name: string }[];
  paths: Record<string, Record<string, {
    parameters: { name: string }[];
    requestBody: { content: Record<string, { schema: { required?: string[]; properties: Record<string, { enum?: string[] }> } }> };
    responses: Record<string, { content: Record<string, unknown> }>;
  }>>;
}

/** A webhook delivery's row; its payload's data is the record as the API shows it. */
export interface Delivery<D> {
  tenant_id: string;
  event: string;
  payload: { event: string; tenant: string; data: D };
}
