import { describe, expect, it } from 'vitest';
import { inlineParameters } from '../../core/webhooks/inline-parameters.ts';
import { csvRecords } from '../../core/import/csv-records.ts';
import { copyLine } from '../../core/import/stage.ts';
import { sign, verify } from '../../core/webhooks/signature.ts';
import { parseScopes, allows } from '../../core/api/scopes.ts';
import { decodeCursor, encodeCursor } from '../../core/api/list-page.ts';

describe('inlineParameters', () => {
  it('quotes every value as an untyped literal and leaves quoted text, identifiers, dollar bodies and comments alone', () => {
    const sql = `SELECT $1, '$2 stays', "col$2", $f$ $2 $f$, $2::jsonb, $3 -- $1 here stays\n, $4, $5, $6`;
    expect(inlineParameters(sql, ["O'Brien", { a: 'x' }, null, [1, 'b"c', null], new Date('2025-01-02T03:04:05Z'), true])).toBe(
      `SELECT 'O''Brien', '$2 stays', "col$2", $f$ $2 $f$, '{"a":"x"}'::jsonb, NULL -- $1 here stays\n, '{"1","b\\"c",NULL}', '2025-01-02T03:04:05.000Z', 'true'`,
    );
  });

  it('refuses a placeholder without a value', () => {
    expect(() => inlineParameters('SELECT $2', ['x'])).toThrow(/\$2/);
  });
});

describe('CSV records', () => {
  it('reads quoted fields with delimiters, quotes and line breaks, whatever the chunking, with the line each starts on', async () => {
    const text = '\ufeffa;b\r\n"x;1";"say ""hi"""\r\n"two\nlines";3\n\n4;';
    for (const size of [1, 3, 7, 1000]) {
      const chunks = (async function* () {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      })();
      const out = [];
      for await (const r of csvRecords(chunks)) out.push(r);
      expect(out, `chunks of ${size}`).toEqual([
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['x;1', 'say "hi"'] },
        { line: 3, cells: ['two\nlines', '3'] },
        { line: 6, cells: ['4', ''] },
      ]);
    }
  });
});

describe('COPY text lines', () => {
  it('escapes what COPY would read as structure and writes NULL as \\N', () => {
    expect(copyLine([1, 'a\tb\nc\\d', null, { k: 'v' }, true])).toBe('1\ta\\tb\\nc\\\\d\t\\N\t{"k":"v"}\ttrue\n');
  });
});

describe('webhook signatures', () => {
  it('verify with the right secret within five minutes, and nothing else', () => {
    const now = Date.now();
    const ts = Math.floor(now / 1000);
    const header = sign('whsec_x', ts, '{"a":1}');
    expect(header).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify('whsec_x', header, String(ts), '{"a":1}', 300, now)).toBe(true);
    expect(verify('whsec_x', header, String(ts), '{"a":2}', 300, now)).toBe(false);
    expect(verify('whsec_y', header, String(ts), '{"a":1}', 300, now)).toBe(false);
    expect(verify('whsec_x', header, String(ts), '{"a":1}', 300, now + 301_000)).toBe(false);
  });
});

describe('scopes and cursors', () => {
  it('write includes read; unknown resources and accesses are named', () => {
    expect(allows(new Set(['invoices:write']), 'invoices:read')).toBe(true);
    expect(allows(new Set(['invoices:read']), 'invoices:write')).toBe(false);
    expect(parseScopes(['invoices:*', 'customers:read', 'customers:read'], ['invoices', 'customers'])).toEqual({ scopes: ['customers:read', 'invoices:write'], problems: [] });
    expect(parseScopes(['tickets:read', 'customers:admin'], ['customers']).problems).toHaveLength(2);
  });

  it('a cursor round-trips and a forged one is a 400', () => {
    expect(decodeCursor(encodeCursor('2025-01-02T03:04:05.123456Z', 42))).toEqual({ at: '2025-01-02T03:04:05.123456Z', id: '42' });
    expect(() => decodeCursor(Buffer.from('["x","1; DROP"]').toString('base64url'))).toThrow(/cursor/);
  });
});
