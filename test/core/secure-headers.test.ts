import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';

// The headers are worked out once at start; these check what each answer still gets of its own.
let http: TestPortal;
let https: TestPortal;
beforeAll(async () => {
  http = await startTestPortal();
  https = await startTestPortal({ publicBaseUrl: 'https://portal.alpha.test' });
});
afterAll(async () => {
  await http?.dispose();
  await https?.dispose();
});

function nonces(csp: string): { script: string; style: string } {
  const directive = (name: string) => csp.split(';').find((d) => d.trim().startsWith(`${name} `)) ?? '';
  const nonce = (d: string) => /'nonce-([0-9a-f]+)'/.exec(d)?.[1] ?? '';
  return { script: nonce(directive('script-src')), style: nonce(directive('style-src')) };
}

function inlineStyleNonces(html: string): string[] {
  return [...html.matchAll(/<style nonce="([^"]*)"/g)].map((m) => m[1]);
}

describe('CSP nonces', () => {
  it('allows the inline style of the page it came with, and a new one on every answer', async () => {
    const seen = new Set<string>();
    for (const url of ['/login', '/login', '/faq']) {
      const res = await http.app.inject({ url, headers: { host: 'portal.alpha.test' } });
      expect(res.statusCode, url).toBe(200);
      const { script, style } = nonces(String(res.headers['content-security-policy']));
      expect(style).toMatch(/^[0-9a-f]{32}$/);
      expect(script).toMatch(/^[0-9a-f]{32}$/);
      expect(script).not.toBe(style);
      const inline = inlineStyleNonces(res.body);
      expect(inline.length, url).toBeGreaterThan(0);
      for (const n of inline) expect(n).toBe(style);
      expect(seen.has(style)).toBe(false);
      seen.add(style);
    }
  });

  it('gives the neutral 404 of an unknown host a nonce its style can use', async () => {
    const res = await http.app.inject({ url: '/login', headers: { host: 'nobody.example' } });
    expect(res.statusCode).toBe(404);
    const { style } = nonces(String(res.headers['content-security-policy']));
    expect(inlineStyleNonces(res.body)).toEqual([style]);
  });
});

describe('HTTPS-only headers', () => {
  it('sends HSTS and upgrade-insecure-requests when the portal is served over HTTPS, and neither over HTTP', async () => {
    const secure = await https.app.inject({ url: '/login', headers: { host: 'portal.alpha.test' } });
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(secure.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    const plain = await http.app.inject({ url: '/login', headers: { host: 'portal.alpha.test' } });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(String(plain.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
  });
});
