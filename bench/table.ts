/** A plain-text table: numbers right-aligned, text left-aligned, one space-padded column each. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number' || /^[\d.,×x%\s-]+$/.test(String(r[c]))));
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2)),
  mb: (bytes: number) => (bytes / 1024 / 1024).toFixed(0),
  kb: (bytes: number) => (bytes / 1024).toFixed(1),
  ratio: (n: number) => n.toFixed(2),
};

export interface Goal {
  name: string;
  measured: number;
  goal: number;
  /** Throughput-like figures must reach the goal; latency-like ones must stay under it. */
  atLeast: boolean;
}
