/** PostgreSQL wire protocol framing: what a connection's bytes hold, message by message. */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'

/** What the front of a connection's buffer holds before its startup packet went through. */
export type StartupFrame =
  | { kind: 'incomplete' }
  /** SSL or GSSAPI encryption asked: answered 'N' (loopback, no encryption), the client goes on in clear. */
  | { kind: 'encryption'; length: number }
  /** A cancel request, on a connection of its own: there is no backend process to signal. */
  | { kind: 'cancel'; length: number }
  | { kind: 'startup'; length: number };

export function startupFrame(buffer: Buffer): StartupFrame {
  if (buffer.length < 8) return { kind: 'incomplete' };
  const length = buffer.readInt32BE(0);
  const code = buffer.readInt32BE(4);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: 'encryption', length: 8 };
  if (code === CANCEL_REQUEST) return buffer.length < 16 ? { kind: 'incomplete' } : { kind: 'cancel', length: 16 };
  return buffer.length < length ? { kind: 'incomplete' } : { kind: 'startup', length };
}

/**
 * The complete typed messages at the front of `buffer` (`length` bytes; a message split across
 * reads waits for its rest, and `need` is how many bytes the buffer must hold for the next one to
 * be complete), and whether the connection ends after them: at a Terminate, which PGlite must
 * never see (it would end the one backend every connection shares), or at a length no message has.
 */
export function completeMessages(buffer: Buffer): { length: number; need: number; terminate: boolean } {
  let at = 0;
  while (buffer.length - at >= 5) {
    const length = buffer.readInt32BE(at + 1);
    if (buffer[at] === TERMINATE || length < 4) return { length: at, need: 0, terminate: true };
    const end = at + 1 + length;
    if (end > buffer.length) return { length: at, need: end - at, terminate: false };
    at = end;
  }
  return { length: at, need: 5, terminate: false };
}

/**
 * The transaction status of the ReadyForQuery that ends a backend's answer ('I' idle, 'T' in a
 * transaction, 'E' in a failed one), or undefined when the answer stops short of one: the client is
 * inside an extended-protocol exchange (no Sync yet) or a COPY, and its session state is still open.
 */
export function readyStatus(answer: Buffer): string | undefined {
  const at = answer.length - 6;
  if (at < 0 || answer[at] !== READY_FOR_QUERY || answer.readInt32BE(at + 1) !== 5) return undefined;
  return String.fromCharCode(answer[at + 5]);
}

const PARSE = 0x50; // 'P'
const BIND = 0x42; // 'B'
const DESCRIBE = 0x44; // 'D'
const CLOSE = 0x43; // 'C'
const STATEMENT = 0x53; // 'S', what Describe and Close name

/**
 * `messages` (whole typed messages) with every prepared statement name they use turned into
 * `rename(name)`: in Parse, in Bind's statement (not its portal), in Describe and Close of a
 * statement. The unnamed statement stays unnamed. `seen` gets each name used, as renamed.
 */
export function renameStatements(messages: Buffer, rename: (name: string) => string, seen: Set<string>): Buffer {
  const parts: Buffer[] = [];
  let copied = 0;
  let at = 0;
  while (at < messages.length) {
    const type = messages[at];
    const end = at + 1 + messages.readInt32BE(at + 1);
    // Where the statement name starts inside the message, if the message names one.
    let name = -1;
    if (type === PARSE) name = at + 5;
    else if (type === BIND) name = messages.indexOf(0, at + 5) + 1;
    else if ((type === DESCRIBE || type === CLOSE) && messages[at + 5] === STATEMENT) name = at + 6;
    const nameEnd = name > 0 ? messages.indexOf(0, name) : -1;
    if (nameEnd > name) {
      const renamed = rename(messages.toString('utf8', name, nameEnd));
      seen.add(renamed);
      const head = Buffer.alloc(5);
      head[0] = type;
      const middle = Buffer.from(renamed);
      head.writeInt32BE(end - at - 1 - (nameEnd - name) + middle.length, 1);
      parts.push(messages.subarray(copied, at), head, messages.subarray(at + 5, name), middle, messages.subarray(nameEnd, end));
      copied = end;
    }
    at = end;
  }
  if (!parts.length) return messages;
  parts.push(messages.subarray(copied));
  return Buffer.concat(parts);
}

/** One protocol message: its type byte, its length, its body. */
export function wireMessage(type: string, body: string): Buffer {
  const bytes = Buffer.from(body);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

/** An ErrorResponse, for refusing a connection before PostgreSQL sees it. */
export function errorResponse(sqlState: string, message: string): Buffer {
  return wireMessage('E', `SFATAL\0VFATAL\0C${sqlState}\0M${message}\0\0`);
}
