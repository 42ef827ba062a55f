import { startStub, type StubServer } from './stub-server.ts';

export interface MpStubPayment {
  id: number;
  status: string;
  status_detail?: string;
  external_reference: string | null;
  transaction_amount: number;
  currency_id: string;
  date_approved?: string | null;
}

/** A preference as the adapter sends it (the fields tests read), with the idempotency key it came with. */
export interface MpStubPreference {
  items: { id: string; title: string; quantity: number; unit_price: number; currency_id: string }[];
  back_urls: { success: string; pending: string; failure: string };
  notification_url: string;
  external_reference: string;
  idempotencyKey: string | string[] | undefined;
}

export interface MercadoPagoStub extends StubServer {
  /** Payments the stub's API answers for, by id: tests set them as Mercado Pago would have them. */
  payments: Map<string, MpStubPayment>;
  preferences: MpStubPreference[];
}

/**
 * The parts of Mercado Pago's API the adapter uses: preferences, a payment by id, the payment
 * search by external reference, refunds. It checks the bearer token like the real API does.
 */
export async function startMercadoPagoStub(token: string): Promise<MercadoPagoStub> {
  const payments = new Map<string, MpStubPayment>();
  const preferences: MpStubPreference[] = [];
  const stub = await startStub((req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, json: { message: 'invalid_token', error: 'unauthorized' } };
    if (req.method === 'POST' && req.path === '/checkout/preferences') {
      // The adapter's own document (gateways/mercadopago/adapter.ts builds it).
      const body = JSON.parse(req.body) as Omit<MpStubPreference, 'idempotencyKey'>;
      preferences.push({ ...body, idempotencyKey: req.headers['x-idempotency-key'] });
      const id = `pref-${preferences.length}`;
      return { status: 201, json: { id, init_point: `https://www.mercadopago.test/checkout/v1/redirect?pref_id=${id}` } };
    }
    if (req.method === 'GET' && req.path === '/v1/payments/search') {
      const ref = req.query.get('external_reference');
      return { status: 200, json: { results: [...payments.values()].filter((p) => p.external_reference === ref) } };
    }
    const byId = /^\/v1\/payments\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && byId) {
      const p = payments.get(byId[1]);
      return p ? { status: 200, json: p } : { status: 404, json: { message: 'Payment not found', error: 'not_found' } };
    }
    const refund = /^\/v1\/payments\/([^/]+)\/refunds$/.exec(req.path);
    if (req.method === 'POST' && refund) {
      if (!payments.has(refund[1])) return { status: 404, json: { message: 'Payment not found', error: 'not_found' } };
      return { status: 201, json: { id: 9000 + Number(refund[1]), payment_id: Number(refund[1]), status: 'approved' } };
    }
    return { status: 404, json: { message: 'not found' } };
  });
  return Object.assign(stub, { payments, preferences });
}
