import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** Google Authenticator and every common app read these defaults (SHA-1, 6 digits, 30 s). */
const PERIOD = 30;
const DIGITS = 6;
/** One step either side absorbs clock drift between the phone and the server. */
const WINDOW = 1;

/** 160 bits, the size RFC 4226 recommends, in base32 as authenticator apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI the QR code carries. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), digits: DIGITS, period: PERIOD }).toString();
}

/** The QR code as an `<img>` source; the CSP allows data: images and nothing has to be served. */
export async function totpQrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Groups of four, so the key can be typed into an app by hand. */
export function formatManualKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * The time step the code belongs to, or null when it is wrong or not newer than `lastStep`: a
 * code already used (seen by a shoulder or a phishing proxy) does not work a second time.
 */
export function matchTotp(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), digits: DIGITS, period: PERIOD, window: WINDOW, timestamp: now });
  if (delta === null) return null;
  const step = TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
