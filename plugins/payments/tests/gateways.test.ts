import { describe, expect, it } from 'vitest';
import { mercadoPagoManifest, verifyMercadoPagoSignature } from '../gateways/mercadopago/signature.ts';
import { verifyStripeSignature } from '../gateways/stripe/signature.ts';
import { callGateway, GatewayHttpError } from '../gateways/http.ts';
import { GatewayConfigError, secretFrom } from '../gateways/secrets.ts';
import { GatewayRegistry } from '../gateways/registry.ts';
import { sandboxAdapter } from '../gateways/sandbox/adapter.ts';
import { isForward, PAYMENT_STATUSES } from '../domain/statuses.ts';
import { parseTypedAmount } from '../domain/money.ts';
import { mercadoPagoSignature, stripeSignature } from '../testing/sign.ts';
import { startStub } from '../testing/stub-server.ts';

const now = new Date('2026-03-10T15:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

describe('Mercado Pago signatures', () => {
  it('signs id, request id and ts, leaving out the parts a notification lacks, ids in lower case', () => {
    expect(mercadoPagoManifest('123456', 'req-1', '1704908010')).toBe('id:123456;request-id:req-1;ts:1704908010;');
    expect(mercadoPagoManifest(undefined, 'req-1', '1704908010')).toBe('request-id:req-1;ts:1704908010;');
    expect(mercadoPagoManifest('ABC123', undefined, '1')).toBe('id:abc123;ts:1;');
  });

  it('verifies the HMAC and the age', () => {
    const header = mercadoPagoSignature('s3cret', '123', 'req', ts);
    expect(verifyMercadoPagoSignature({ signature: header, requestId: 'req', dataId: '123' }, 's3cret', now, 300)).toEqual({ ok: true, ts: String(ts) });
    expect(verifyMercadoPagoSignature({ signature: header, requestId: 'req', dataId: '124' }, 's3cret', now, 300)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyMercadoPagoSignature({ signature: header, requestId: 'other', dataId: '123' }, 's3cret', now, 300)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyMercadoPagoSignature({ signature: header, requestId: 'req', dataId: '123' }, 's3cret', new Date(now.getTime() + 301_000), 300)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyMercadoPagoSignature({ signature: 'garbage', requestId: 'req', dataId: '123' }, 's3cret', now, 300)).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('Stripe signatures', () => {
  const body = Buffer.from('{"id":"evt_1","type":"checkout.session.completed"}');
  it('holds over the exact bytes, with any of several v1 values', () => {
    const header = stripeSignature('whsec_x', body.toString(), ts);
    expect(verifyStripeSignature(header, body, 'whsec_x', now, 300)).toEqual({ ok: true });
    expect(verifyStripeSignature(`${header},v1=${'0'.repeat(64)}`, body, 'whsec_x', now, 300)).toEqual({ ok: true });
    expect(verifyStripeSignature(`t=${ts},v1=${'0'.repeat(64)},${header.split(',')[1]}`, body, 'whsec_x', now, 300)).toEqual({ ok: true });
    expect(verifyStripeSignature(header, Buffer.from(body.toString() + ' '), 'whsec_x', now, 300)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyStripeSignature(header, body, 'whsec_x', new Date(now.getTime() + 301_000), 300)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyStripeSignature(undefined, body, 'whsec_x', now, 300)).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('credentials', () => {
  it('come from the environment variable the tenant names; errors name the variable, never a value', () => {
    expect(secretFrom({ accessTokenEnv: 'MY_TOKEN' }, 'accessTokenEnv', { MY_TOKEN: 'APP_USR-1' })).toBe('APP_USR-1');
    expect(() => secretFrom({ accessTokenEnv: 'MY_TOKEN' }, 'accessTokenEnv', {})).toThrow(new GatewayConfigError('environment variable MY_TOKEN (from "accessTokenEnv") is not set'));
  });

  it('a refused call reports status and code without headers or bodies', async () => {
    const stub = await startStub(() => ({ status: 401, json: { message: 'invalid_token', error: 'unauthorized' } }));
    try {
      const err = await callGateway({ method: 'POST', url: `${stub.url}/checkout/preferences`, headers: { authorization: 'Bearer APP_USR-very-secret' }, body: '{"payer":{"email":"ana@example.com"}}' }).catch((e: unknown) => e) as GatewayHttpError;
      expect(err).toBeInstanceOf(GatewayHttpError);
      expect(err.status).toBe(401);
      expect(err.message).toBe('POST /checkout/preferences answered 401 unauthorized');
      expect(JSON.stringify(err)).not.toContain('very-secret');
    } finally {
      await stub.close();
    }
  });
});

describe('the adapter registry', () => {
  it('refuses a second adapter with the same id unless asked to replace it', () => {
    const registry = new GatewayRegistry();
    registry.register(sandboxAdapter());
    expect(() => registry.register(sandboxAdapter())).toThrow('gateway "sandbox" is already registered');
    registry.register({ ...sandboxAdapter(), name: 'Otra' }, { replace: true });
    expect(registry.get('sandbox')!.name).toBe('Otra');
    expect(() => registry.register({ ...sandboxAdapter(), id: 'Not Valid' })).toThrow();
  });
});

describe('statuses', () => {
  it('only move forward: approval wins over rejection, refunds come after approval', () => {
    expect(isForward('created', 'pending')).toBe(true);
    expect(isForward('pending', 'approved')).toBe(true);
    expect(isForward('rejected', 'approved')).toBe(true);
    expect(isForward('approved', 'rejected')).toBe(false);
    expect(isForward('approved', 'pending')).toBe(false);
    expect(isForward('approved', 'refunded')).toBe(true);
    for (const s of PAYMENT_STATUSES) expect(isForward(s, s)).toBe(false);
  });
});

describe('typed amounts', () => {
  it('reads what Argentine customers type', () => {
    expect(parseTypedAmount('1500')).toBe(150000);
    expect(parseTypedAmount('1.500')).toBe(150000);
    expect(parseTypedAmount('1.500,50')).toBe(150050);
    expect(parseTypedAmount('$ 1500,5')).toBe(150050);
    expect(parseTypedAmount('1500.50')).toBe(150050);
    expect(parseTypedAmount('1,005')).toBeNull();
    expect(parseTypedAmount('abc')).toBeNull();
    expect(parseTypedAmount('')).toBeNull();
  });
});
