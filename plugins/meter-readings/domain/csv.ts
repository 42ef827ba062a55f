export type CsvCell = string | number | boolean | null | undefined;

/**
 * RFC 4180 CSV with CRLF line ends. Cells a spreadsheet would run as a formula (starting with =, +,
 * −, @, tab or CR) get a leading apostrophe: the file is opened by people at the provider.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
