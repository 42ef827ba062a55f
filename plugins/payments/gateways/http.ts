import { field } from './json-field.ts';

/** A gateway answered something other than success, or did not answer in time. */
export class GatewayHttpError extends Error {
  readonly status: number | null;

  constructor(message: string, status: number | null) {
    super(message);
    this.name = 'GatewayHttpError';
    this.status = status;
  }
}

export interface GatewayRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/**
 * One call to a gateway API. Errors carry the status and the gateway's error code only: request
 * headers (with the credentials) and bodies (with payer data) never reach a log line.
 */
export async function callGateway<T>(req: GatewayRequest): Promise<T> {
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(req.timeoutMs ?? 8000), redirect: 'error' });
  } catch (err) {
    throw new GatewayHttpError(`${req.method} ${pathOf(req.url)} failed: ${(err as Error).name}`, null);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new GatewayHttpError(`${req.method} ${pathOf(req.url)} answered ${res.status} with something that is not JSON`, res.status);
  }
  if (!res.ok) {
    const error = field(json, 'error');
    const code = field(error, 'code') ?? field(error, 'type') ?? error ?? field(json, 'message') ?? '';
    throw new GatewayHttpError(`${req.method} ${pathOf(req.url)} answered ${res.status} ${String(code).slice(0, 80)}`.trim(), res.status);
  }
  return json as T;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(bad url)';
  }
}

export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
