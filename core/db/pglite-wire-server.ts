import { createServer, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { completeMessages, errorResponse, readyStatus, renameStatements, startupFrame, wireMessage } from './wire-frames.ts';

/** Sync, after a CopyFail in case a COPY was under way (outside one PostgreSQL ignores it). */
const END_EXCHANGE = Buffer.concat([wireMessage('f', 'connection closed\0'), wireMessage('S', '')]);
const ROLLBACK = wireMessage('Q', 'ROLLBACK\0');

interface Connection {
  socket: Socket;
  /** Bytes received and not yet framed: a message split across reads waits here for its rest. */
  chunks: Buffer[];
  size: number;
  /** Bytes `chunks` must hold before framing them can find a whole message. */
  need: number;
  started: boolean;
  /** The startup packet, which PGlite takes on its own. */
  startup?: Buffer;
  /** Whole messages waiting for this connection's turn. */
  ready: Buffer[];
  /** A Terminate came: the connection closes after its last messages ran. */
  ending: boolean;
  /** The transaction status its last answer ended with; undefined mid-exchange (no Sync yet, a COPY). */
  status: string | undefined;
  closed: boolean;
  /** Put before each statement name the connection uses: its own, as a server's session would keep them. */
  prefix: string;
  /** The names it used, as renamed: removed from the session once it is gone. */
  statements: Set<string>;
}

export interface WireServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves PGlite's one PostgreSQL session to several `pg` connections over loopback TCP.
 *
 * All connections share that session, so one connection's exchange must never be cut by
 * another's: PGlite keeps one unnamed statement and one unnamed portal, and a Parse or Bind slipped
 * between another connection's Parse, Bind and Execute would run the wrong statement for it. A
 * connection therefore holds the session from its first message until an answer of PostgreSQL's
 * ends with ReadyForQuery and no transaction open; the others wait their turn, in arrival order.
 * (@electric-sql/pglite-socket 0.2.17 kept a connection's messages together only inside a
 * transaction and ran each message as it was framed, so a Bind arriving in a later read than its
 * Parse let another connection in between.)
 *
 * Prepared statements are each connection's own, as on a server: the names a connection uses are
 * renamed with its number before PGlite sees them, so two connections preparing the same name
 * (each pool connection preparing the portal's hot statements) do not collide, and those of a
 * connection that went away are deallocated then, so the session does not keep them for good.
 */
export async function serveWire(db: PGlite, opts: { maxConnections: number; onFault(err: unknown): void }): Promise<WireServer> {
  const connections = new Set<Connection>();
  const waiting: Connection[] = [];
  let owner: Connection | undefined;
  let pumping = false;
  let pumped = Promise.resolve();
  let numbered = 0;
  /** Statements of connections gone, deallocated when no connection holds the session. */
  const leftovers: string[] = [];

  async function run(input: Buffer): Promise<Buffer> {
    const answer: Buffer[] = [];
    await db.runExclusive(() => db.execProtocolRawStream(input, { onRawData: (bytes) => void answer.push(Buffer.from(bytes)) }));
    return answer.length === 1 ? answer[0] : Buffer.concat(answer);
  }

  const hasInput = (c: Connection) => Boolean(c.startup) || c.ready.length > 0;

  async function turn(c: Connection): Promise<void> {
    const input = c.startup ?? (c.ready.length === 1 ? c.ready[0] : Buffer.concat(c.ready));
    if (c.startup) c.startup = undefined;
    else c.ready = [];
    try {
      const answer = await run(input);
      if (!c.closed && answer.length) c.socket.write(answer);
      if (answer.length) c.status = readyStatus(answer);
    } catch (err) {
      // Not an SQL error (PostgreSQL answers those): the connection's exchange is lost; its session
      // state is ended like a client's that went away.
      opts.onFault(err);
      drop(c);
    }
    if (c.ending) drop(c);
  }

  /** What a connection that went away left open in the session: its exchange, its transaction. */
  async function endSession(c: Connection): Promise<void> {
    try {
      if (c.status === undefined) await run(END_EXCHANGE);
      if (db.isInTransaction()) await run(ROLLBACK);
    } catch (err) {
      opts.onFault(err);
    }
  }

  /** Runs turns until no connection that may have the session has messages for it. */
  async function pump(): Promise<void> {
    try {
      for (;;) {
        if (owner?.closed) {
          await endSession(owner);
          owner = undefined;
          continue;
        }
        if (!owner && leftovers.length) {
          // Each in a Query of its own: one the session never got (its Parse failed) fails alone.
          await run(Buffer.concat(leftovers.splice(0).map((name) => wireMessage('Q', `DEALLOCATE "${name.replaceAll('"', '""')}"\0`)))).catch(opts.onFault);
          continue;
        }
        if (!owner) {
          const next = waiting.shift();
          if (!next) return;
          if (next.closed || !hasInput(next)) continue;
          owner = next;
        }
        if (!hasInput(owner)) return;
        await turn(owner);
        if (owner.status === 'I' && !owner.closed) {
          // Messages that came during its turn wait behind the connections already waiting.
          if (hasInput(owner)) waiting.push(owner);
          owner = undefined;
        }
      }
    } finally {
      pumping = false;
    }
  }

  function schedule(c?: Connection): void {
    if (c && c !== owner && !waiting.includes(c)) waiting.push(c);
    if (pumping) return;
    pumping = true;
    pumped = pump().catch(opts.onFault);
  }

  function drop(c: Connection): void {
    if (c.closed) return;
    c.closed = true;
    connections.delete(c);
    c.socket.destroy();
    leftovers.push(...c.statements);
    if (c === owner || c.statements.size) schedule();
  }

  function received(c: Connection, chunk: Buffer): void {
    c.chunks.push(chunk);
    c.size += chunk.length;
    if (c.size < c.need) return;
    let buffer = c.chunks.length === 1 ? c.chunks[0] : Buffer.concat(c.chunks);
    while (!c.started && !c.closed) {
      const frame = startupFrame(buffer);
      if (frame.kind === 'incomplete') break;
      if (frame.kind === 'cancel') return drop(c);
      if (frame.kind === 'encryption') c.socket.write('N');
      else {
        c.startup = buffer.subarray(0, frame.length);
        c.started = true;
      }
      buffer = buffer.subarray(frame.length);
    }
    if (c.started) {
      const { length, need, terminate } = completeMessages(buffer);
      if (length) c.ready.push(renameStatements(buffer.subarray(0, length), (name) => c.prefix + name, c.statements));
      buffer = buffer.subarray(length);
      c.need = need;
      if (terminate) {
        c.ending = true;
        buffer = Buffer.alloc(0);
      }
    } else c.need = 8;
    c.chunks = buffer.length ? [buffer] : [];
    c.size = buffer.length;
    if (c.ending && !hasInput(c)) return drop(c);
    if (hasInput(c)) schedule(c);
  }

  const server = createServer((socket) => {
    if (connections.size >= opts.maxConnections) {
      socket.end(errorResponse('53300', 'sorry, too many clients already'));
      // A client that keeps its end open must not keep `close` waiting.
      socket.destroySoon();
      return;
    }
    socket.setNoDelay(true);
    const c: Connection = { socket, chunks: [], size: 0, need: 8, started: false, ready: [], ending: false, status: 'I', closed: false, prefix: `c${++numbered}_`, statements: new Set() };
    connections.add(c);
    socket.on('data', (chunk) => received(c, chunk));
    socket.on('error', () => drop(c));
    socket.on('close', () => drop(c));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const c of connections) drop(c);
      await pumped;
      await closed;
    },
  };
}
