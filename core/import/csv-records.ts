/** One CSV record and the line of the file it starts on (header = line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * RFC 4180 records from text chunks: quoted fields with doubled quotes and line breaks inside,
 * CRLF or LF, a BOM at the start. The delimiter (`,` or `;`, as spreadsheets in Argentina often
 * export) is taken from the header line.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

class CsvParser {
  #delimiter = -1;
  #cells: string[] = [];
  #field = '';
  #quoted = false;
  #line = 1;
  #recordLine = 1;
  #carry = '';
  #started = false;

  push(text: string): CsvRecord[] {
    let chunk = this.#carry + text;
    this.#carry = '';
    if (!this.#started) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.#started = true;
    }
    if (this.#delimiter < 0) {
      const eol = chunk.indexOf('\n');
      if (eol < 0) {
        this.#carry = chunk;
        return [];
      }
      const header = chunk.slice(0, eol);
      this.#delimiter = countOutsideQuotes(header, ';') > countOutsideQuotes(header, ',') ? 59 : 44;
    }
    return this.#scan(chunk, false);
  }

  end(): CsvRecord[] {
    const out = this.#carry ? this.#scan(this.#carry, true) : [];
    this.#carry = '';
    if (this.#field !== '' || this.#cells.length > 0) {
      this.#cells.push(this.#field);
      out.push({ line: this.#recordLine, cells: this.#cells });
    }
    this.#cells = [];
    this.#field = '';
    return out;
  }

  #scan(chunk: string, final: boolean): CsvRecord[] {
    if (this.#delimiter < 0) this.#delimiter = 44;
    const out: CsvRecord[] = [];
    const delimiter = this.#delimiter;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.#quoted) {
        if (c === LF) this.#line++;
        if (c !== QUOTE) continue;
        if (i + 1 === chunk.length && !final) {
          // Whether this quote is doubled is in the next chunk.
          this.#field += chunk.slice(start, i);
          this.#carry = '"';
          return out;
        }
        this.#field += chunk.slice(start, i);
        if (chunk.charCodeAt(i + 1) === QUOTE) {
          this.#field += '"';
          i++;
        } else {
          this.#quoted = false;
        }
        start = i + 1;
      } else if (c === delimiter) {
        this.#cells.push(this.#field + chunk.slice(start, i));
        this.#field = '';
        start = i + 1;
      } else if (c === LF) {
        let value = this.#field + chunk.slice(start, i);
        if (value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
        this.#cells.push(value);
        this.#field = '';
        if (!(this.#cells.length === 1 && this.#cells[0] === '')) out.push({ line: this.#recordLine, cells: this.#cells });
        this.#cells = [];
        this.#line++;
        this.#recordLine = this.#line;
        start = i + 1;
      } else if (c === QUOTE && i === start && this.#field === '') {
        this.#quoted = true;
        start = i + 1;
      }
    }
    this.#field += chunk.slice(start);
    return out;
  }
}

function countOutsideQuotes(text: string, ch: string): number {
  let n = 0;
  let inQuotes = false;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ch && !inQuotes) n++;
  }
  return n;
}
