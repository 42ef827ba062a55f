import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type StubHandler = (req: StubRequest) => { status: number; json: unknown } | Promise<{ status: number; json: unknown }>;

export interface StubServer {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/** A loopback HTTP server standing in for a gateway's API, recording every request it gets. */
export async function startStub(handler: StubHandler): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const stubReq = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(stubReq);
      try {
        const out = await handler(stubReq);
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.json));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: (err as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
