import { describe, expect, it } from 'vitest';
import { toCsv } from '../domain/csv.ts';

describe('CSV export', () => {
  it('quotes what needs quoting and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas, but not negative numbers', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")'], ['@SUM(A1)'], [-5]])).toBe('a\r\n"\'=HYPERLINK(""x"")"\r\n\'@SUM(A1)\r\n-5\r\n');
  });
});
