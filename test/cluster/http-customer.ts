import { request } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  location: string;
}

export interface Upload {
  name: string;
  filename: string;
  data: Buffer;
  type: string;
}

/** Where a request goes: haproxy, or one node directly. */
export interface Target {
  port: number;
}

/**
 * One person's browser over real HTTP: its own cookie jar, its own source address on the loopback
 * network (127.0.0.x, so the portal's per-address limits see several people, as behind a real
 * load balancer), and the CSRF token of the last form it fetched. No redirect is followed by itself.
 */
export class HttpCustomer {
  readonly host: string;
  readonly localAddress: string;
  readonly #cookies = new Map<string, string>();
  csrf = '';

  constructor(host: string, localAddress: string) {
    this.host = host;
    this.localAddress = localAddress;
  }

  get(target: Target, path: string): Promise<Reply> {
    return this.#send(target, 'GET', path);
  }

  postForm(target: Target, path: string, fields: Record<string, string>): Promise<Reply> {
    const body = Buffer.from(new URLSearchParams({ _csrf: this.csrf, ...fields }).toString());
    return this.#send(target, 'POST', path, body, 'application/x-www-form-urlencoded');
  }

  /** As the pages send it: the CSRF token is the first field, files after the fields. */
  postMultipart(target: Target, path: string, fields: Record<string, string>, files: Upload[]): Promise<Reply> {
    const boundary = `----cluster${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: this.csrf, ...fields })) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    for (const f of files) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.#send(target, 'POST', path, Buffer.concat(chunks), `multipart/form-data; boundary=${boundary}`);
  }

  #send(target: Target, method: string, path: string, body?: Buffer, type?: string): Promise<Reply> {
    const headers: Record<string, string> = { host: this.host, connection: 'close', 'accept-language': 'es-AR' };
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (body) Object.assign(headers, { 'content-type': type!, 'content-length': String(body.length) });
    return new Promise((resolve, reject) => {
      // A new connection per request (no agent): haproxy balances every request anew.
      const req = request({ host: '127.0.0.1', port: target.port, method, path, headers, localAddress: this.localAddress, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const reply: Reply = {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts),
            text: '',
            location: String(res.headers.location ?? ''),
          };
          reply.text = reply.body.toString('utf8');
          this.#remember(reply);
          resolve(reply);
        });
      });
      // A request never answered is a fault to record, not a test that hangs: haproxy's own
      // timeouts are longer than a person waits.
      req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('no answer within 30 s'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }

  #remember(reply: Reply): void {
    const set = reply.headers['set-cookie'] ?? [];
    for (const line of Array.isArray(set) ? set : [set]) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const type = String(reply.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const token = /name="_csrf" value="([^"]+)"/.exec(reply.text)?.[1];
      if (token) this.csrf = token;
    }
  }
}
