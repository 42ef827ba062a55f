import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { randomText } from './random-pool.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** This response's CSP nonces: an inline `<style>` or `<script>` runs only with its own. */
    cspNonce: { script: string; style: string };
  }
}

// Stand-ins for the nonces while the policy is computed once; each answer gets fresh ones.
const SCRIPT_MARK = 'script-nonce-mark';
const STYLE_MARK = 'style-nonce-mark';

/**
 * Helmet's headers on every answer, pages, errors and 404s alike, with a CSP that allows only
 * this response's nonces besides 'self'. Helmet works out the headers once, at start: they depend
 * on the configuration only, and building them per request (as its fastify plugin does) cost
 * more than a fifth of an anonymous page. Only the nonces are new on each request.
 */
export function secureHeaders(app: FastifyInstance, opts: { secure: boolean }): void {
  const headers = computeHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", `'nonce-${SCRIPT_MARK}'`],
        // Without 'self' here the nonce becomes the only source: every stylesheet was blocked.
        styleSrc: ["'self'", `'nonce-${STYLE_MARK}'`],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: opts.secure ? [] : null,
      },
    },
    strictTransportSecurity: opts.secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  const csp = headers['content-security-policy'];
  const [beforeScript, afterScript] = splitOnce(csp, SCRIPT_MARK);
  const [betweenNonces, afterStyle] = splitOnce(afterScript, STYLE_MARK);
  delete headers['content-security-policy'];
  const fixed = Object.entries(headers);

  app.decorateReply('cspNonce', null as never);
  app.addHook('onRequest', (_request, reply, done) => {
    const script = randomText(16, 'hex');
    const style = randomText(16, 'hex');
    reply.cspNonce = { script, style };
    for (const [name, value] of fixed) reply.header(name, value);
    reply.header('content-security-policy', beforeScript + script + betweenNonces + style + afterStyle);
    done();
  });
}

/** The headers helmet sets with these options, read off a response that records them. */
function computeHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return headers;
}

function splitOnce(text: string | undefined, mark: string): [string, string] {
  const at = text?.indexOf(mark) ?? -1;
  if (!text || at < 0) throw new Error(`the content security policy lost its ${mark}`);
  return [text.slice(0, at), text.slice(at + mark.length)];
}
