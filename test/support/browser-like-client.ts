import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * Drives the app the way a browser would, through `inject`: keeps cookies per host, follows
 * nothing by itself, and fills the CSRF token from the last page it fetched.
 */
export class Client {
  readonly #app: FastifyInstance;
  readonly host: string;
  readonly #cookies = new Map<string, string>();
  csrf = '';

  constructor(app: FastifyInstance, host: string) {
    this.#app = app;
    this.host = host;
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.#app.inject({ method: 'GET', url, headers: { host: this.host, cookie: this.#cookieHeader(), ...headers } });
    this.#remember(res);
    return res;
  }

  /** Posts a form; `_csrf` comes from the last page unless the caller passes one. */
  /** A field given a list is sent once per value, as ticked checkboxes of one name are. */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const fields = new URLSearchParams({ _csrf: this.csrf });
    for (const [name, value] of Object.entries(form)) for (const v of ([] as string[]).concat(value)) fields.append(name, v);
    const body = fields.toString();
    const res = await this.#app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { host: this.host, cookie: this.#cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    this.#remember(res);
    return res;
  }

  /** GETs a page to pick up a fresh CSRF token, then posts the form. */
  async submit(pageUrl: string, actionUrl: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    await this.get(pageUrl);
    return this.post(actionUrl, form);
  }

  async login(identifier: string, password: string): Promise<LightMyRequestResponse> {
    return this.submit('/login', '/login', { identifier, password });
  }

  #cookieHeader(): string {
    // inject hands cookie values back decoded; encode them again as a browser would send them.
    return [...this.#cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  #remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.#cookies.delete(c.name);
      else this.#cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }
}
