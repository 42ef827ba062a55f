/**
 * `next` values an attacker puts in a login link, as the form posts them (already decoded once).
 * Each one either leaves the tenant's host in a browser (which strips tabs and newlines and reads
 * `\` as `/`), breaks the Location header, or hides one of those behind percent-encoding.
 */
export const HOSTILE_NEXT: string[] = [
  'https://evil.example/',
  '//evil.example',
  '///evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\r\nSet-Cookie: x=1',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '/..//evil.example',
  '/.//evil.example',
  '/%09/evil.example',
  '/%0d%0aSet-Cookie:%20x=1',
  '/%2F/evil.example',
  '/%5Cevil.example',
  '/%E0%A4%A',
  'javascript:alert(1)',
  ' /evil.example',
  '/\u0000/evil.example',
];
