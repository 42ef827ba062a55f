/** Narrow (N) and wide (W) bars or spaces of each digit, the standard Interleaved 2 of 5 table. */
const TABLE: Record<string, string> = {
  NNWWN: '0', WNNNW: '1', NWNNW: '2', WWNNN: '3', NNWNW: '4', WNWNN: '5', NWWNN: '6', NNNWW: '7', WNNWN: '8', NWNWN: '9',
};

/**
 * Reads Interleaved 2 of 5 from the bars of one symbol (left edge and width of each, in any unit),
 * as a scanner does: element widths, narrow or wide, start NNNN, stop WNN, then pairs of digits
 * (five bars carry one, the five spaces between them the next).
 */
export function decodeInterleaved2of5(bars: { x: number; w: number }[]): string {
  const sorted = [...bars].sort((a, b) => a.x - b.x);
  const widths: number[] = [];
  sorted.forEach((bar, i) => {
    widths.push(bar.w);
    const next = sorted[i + 1];
    if (next) widths.push(next.x - (bar.x + bar.w));
  });
  const narrow = Math.min(...widths);
  const kinds = widths.map((w) => (w > narrow * 1.5 ? 'W' : 'N')).join('');
  if (!kinds.startsWith('NNNN') || !kinds.endsWith('WNN')) throw new Error(`no start/stop pattern in ${kinds}`);
  const body = kinds.slice(4, -3);
  if (body.length % 10) throw new Error(`odd symbol length ${body.length}`);
  let digits = '';
  for (let i = 0; i < body.length; i += 10) {
    const chunk = body.slice(i, i + 10);
    const first = TABLE[[0, 2, 4, 6, 8].map((k) => chunk[k]).join('')];
    const second = TABLE[[1, 3, 5, 7, 9].map((k) => chunk[k]).join('')];
    if (!first || !second) throw new Error(`unreadable pair at ${i / 10}`);
    digits += first + second;
  }
  return digits;
}
