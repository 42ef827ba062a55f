import type pg from 'pg';

/** What pg's connection offers a submittable query; pg-copy-streams relies on the same calls. */
interface WireConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream;
}

/**
 * `COPY … FROM STDIN` on a pg client without pg-copy-streams: pg accepts any object with
 * `submit(connection)` as a query and hands it the protocol messages, so the copy sub-protocol is
 * a few callbacks. Chunks are written as the socket drains, so a large batch never piles up in memory.
 */
class CopyIn {
  readonly #text: string;
  readonly #chunks: Iterable<Buffer>;
  readonly #done: { resolve(rows: number): void; reject(err: Error): void };
  #rows = 0;
  #failed = false;

  constructor(text: string, chunks: Iterable<Buffer>, done: { resolve(rows: number): void; reject(err: Error): void }) {
    this.#text = text;
    this.#chunks = chunks;
    this.#done = done;
  }

  submit(connection: WireConnection): void {
    connection.query(this.#text);
  }

  handleCopyInResponse(connection: WireConnection): void {
    void this.#send(connection).catch((err: Error) => connection.sendCopyFail(err.message));
  }

  async #send(connection: WireConnection): Promise<void> {
    for (const chunk of this.#chunks) {
      connection.sendCopyFromChunk(chunk);
      if ((connection.stream as NodeJS.WritableStream & { writableNeedDrain?: boolean }).writableNeedDrain) {
        await new Promise((resolve) => connection.stream.once('drain', resolve));
      }
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const n = Number(/^COPY (\d+)/.exec(msg.text ?? '')?.[1]);
    if (Number.isFinite(n)) this.#rows = n;
  }

  handleError(err: Error): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#done.reject(err);
  }

  handleReadyForQuery(): void {
    if (!this.#failed) this.#done.resolve(this.#rows);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Streams `chunks` (rows in COPY's text or CSV format) into `COPY <target> FROM STDIN …`; resolves with the row count. */
export function copyIn(client: pg.ClientBase, copyStatement: string, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(copyStatement, chunks, { resolve, reject }) as never);
  });
}
