import { startStub, type StubServer } from './stub-server.ts';

export interface StripeStubSession {
  id: string;
  object: 'checkout.session';
  client_reference_id: string | null;
  metadata: Record<string, string>;
  amount_total: number;
  currency: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  payment_intent: string | null;
  url: string;
}

export interface StripeStub extends StubServer {
  sessions: Map<string, StripeStubSession>;
  /** Payment intents given back in full: as at Stripe, a second refund of one is refused. */
  refunded: Set<string>;
}

/**
 * The parts of Stripe's API the adapter uses: Checkout Sessions (create, retrieve) and refunds.
 * Like Stripe, a repeated Idempotency-Key returns the first answer instead of a second session
 * or refund, and a payment intent refunded already (from the dashboard, say) refuses another.
 */
export async function startStripeStub(secretKey: string): Promise<StripeStub> {
  const sessions = new Map<string, StripeStubSession>();
  const byKey = new Map<string, StripeStubSession>();
  const refunded = new Set<string>();
  const refundsByKey = new Map<string, { id: string; object: 'refund'; payment_intent: string; amount: number; status: 'succeeded' }>();
  const stub = await startStub((req) => {
    if (req.headers.authorization !== `Bearer ${secretKey}`) return { status: 401, json: { error: { type: 'invalid_request_error', code: 'api_key_invalid' } } };
    if (req.method === 'POST' && req.path === '/v1/checkout/sessions') {
      const key = String(req.headers['idempotency-key'] ?? '');
      const replay = key && byKey.get(key);
      if (replay) return { status: 200, json: replay };
      const form = new URLSearchParams(req.body);
      const id = `cs_test_${sessions.size + 1}`;
      const session: StripeStubSession = {
        id,
        object: 'checkout.session',
        client_reference_id: form.get('client_reference_id'),
        metadata: { reference: form.get('metadata[reference]') ?? '' },
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]') ?? '',
        status: 'open',
        payment_status: 'unpaid',
        payment_intent: null,
        url: `https://checkout.stripe.test/c/pay/${id}`,
      };
      sessions.set(id, session);
      if (key) byKey.set(key, session);
      return { status: 200, json: session };
    }
    const byId = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && byId) {
      const s = sessions.get(byId[1]);
      return s ? { status: 200, json: s } : { status: 404, json: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
    }
    if (req.method === 'POST' && req.path === '/v1/refunds') {
      const key = String(req.headers['idempotency-key'] ?? '');
      const replay = key && refundsByKey.get(key);
      if (replay) return { status: 200, json: replay };
      const form = new URLSearchParams(req.body);
      const intent = form.get('payment_intent') ?? '';
      if (refunded.has(intent)) return { status: 400, json: { error: { type: 'invalid_request_error', code: 'charge_already_refunded' } } };
      refunded.add(intent);
      const refund = { id: `re_test_${refunded.size}`, object: 'refund' as const, payment_intent: intent, amount: Number(form.get('amount')), status: 'succeeded' as const };
      if (key) refundsByKey.set(key, refund);
      return { status: 200, json: refund };
    }
    return { status: 404, json: { error: { type: 'invalid_request_error' } } };
  });
  return Object.assign(stub, { sessions, refunded });
}
