import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP relay between the portal and its database, so a test can cut the database the way a
 * network or a database restart does: `cut` closes every connection and refuses new ones, `hang`
 * accepts connections and never answers, `restore` relays again. Works the same in front of the
 * embedded database and a real PostgreSQL server.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: 'relay' | 'cut' | 'hang' = 'relay';
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'cut') return void client.destroy();
    if (mode === 'hang') return;
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    upstream.on('close', () => (open.delete(upstream), client.destroy()));
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    // Relayed byte by byte rather than piped, so `hang` can freeze connections already open.
    client.on('data', (chunk) => void (mode === 'relay' && upstream.write(chunk)));
    upstream.on('data', (chunk) => void (mode === 'relay' && client.write(chunk)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dropAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port,
    cut() {
      mode = 'cut';
      dropAll();
    },
    hang() {
      // Like a frozen server: open connections stay open and go silent, new ones are never answered.
      mode = 'hang';
    },
    restore() {
      mode = 'relay';
      // Connections that hung lost bytes on the way and would never be relayed: close them so the pool reconnects.
      dropAll();
    },
    close: () => {
      dropAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
