import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are secrets: CSRF tokens, reset and verification tokens, keys, codes. */
const SECRET_PARAM = /csrf|token|key|secret|password|code|signature/i;

/**
 * What the request log says of a request: fastify's own fields, with the values of secret query
 * parameters blanked. A reset link or a token that ends up in a URL must not live on in the logs.
 */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_PARAM.test(safeDecode(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
