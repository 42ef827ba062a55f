import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { hmacSha256 } from './hmac-sha256.ts';

describe('hmacSha256', () => {
  it('gives the bytes createHmac gives, for short, long and non-ASCII messages and any key length', () => {
    const messages = ['', 'a', 'tenant\nanonymous', 'ñandú €', 'x'.repeat(255), 'y'.repeat(256), 'ü'.repeat(300), 'z'.repeat(5000)];
    for (const key of [Buffer.alloc(0), Buffer.from('k'), Buffer.alloc(32, 7), Buffer.alloc(64, 9), Buffer.alloc(65, 3), Buffer.from('bench-'.repeat(20))]) {
      const mac = hmacSha256(key);
      for (const message of messages) {
        for (const encoding of ['base64', 'base64url', 'hex'] as const) {
          expect(mac(message, encoding)).toBe(createHmac('sha256', key).update(message, 'utf8').digest(encoding));
        }
      }
    }
  });

  it('keeps each key to itself when several are in use at once', () => {
    const a = hmacSha256(Buffer.from('clave-a'));
    const b = hmacSha256(Buffer.from('clave-b'));
    expect(a('m', 'hex')).toBe(createHmac('sha256', 'clave-a').update('m').digest('hex'));
    expect(b('m', 'hex')).toBe(createHmac('sha256', 'clave-b').update('m').digest('hex'));
    expect(a('m', 'hex')).not.toBe(b('m', 'hex'));
  });
});
