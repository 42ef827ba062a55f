import QRCode from 'qrcode';

/** A QR symbol: `size` × `size` modules, row by row, 1 dark. */
export interface QrMatrix {
  size: number;
  dark: Uint8Array;
}

/**
 * The QR symbol of `url` at error correction M, as one byte-mode segment: the version the
 * library's own segmentation search reaches for AFIP's base64 URLs, without the search, which
 * cost more than the rest of the symbol. The library lays the data out once (with mask 0); the
 * mask is then chosen here on flat arrays as the standard says (ISO/IEC 18004 §7.8: lowest
 * penalty, the first on a tie, format bits in place), module for module the symbol the library
 * itself would choose for these segments, at a fraction of its scoring time.
 */
export function qrMatrix(url: string): QrMatrix {
  const symbol = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
  const { size, data, reservedBit } = symbol.modules as unknown as { size: number; data: Uint8Array; reservedBit: Uint8Array };
  const bare = Uint8Array.from(data);
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) if (!reservedBit[row * size + col] && masked(0, row, col)) bare[row * size + col] ^= 1;
  let best = new Uint8Array(0);
  let lowest = Infinity;
  const candidate = new Uint8Array(size * size);
  for (let mask = 0; mask < 8; mask++) {
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const i = row * size + col;
        candidate[i] = !reservedBit[i] && masked(mask, row, col) ? bare[i] ^ 1 : bare[i];
      }
    }
    placeFormat(candidate, size, formatBits(mask));
    const penalty = penaltyOf(candidate, size);
    if (penalty < lowest) {
      lowest = penalty;
      best = candidate.slice();
    }
  }
  return { size, dark: best };
}

/** The eight data masks of the standard: true where a module is inverted. */
function masked(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/**
 * The format information of level M with `mask`: five data bits (level M is 00, then the mask),
 * ten of BCH(15,5) with generator 0x537, the whole XORed with 0x5412 so it is never all light.
 */
function formatBits(mask: number): number {
  const data = mask;
  let rest = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rest & (1 << bit)) rest ^= 0x537 << (bit - 10);
  return ((data << 10) | rest) ^ 0x5412;
}

/** The 15 format bits, least significant first: down column 8 and along row 8, plus the dark module. */
function placeFormat(m: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const bit = (bits >> i) & 1;
    const down = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    m[down * size + 8] = bit;
    const across = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
    m[8 * size + across] = bit;
  }
  m[(size - 8) * size + 8] = 1;
}

/** The standard's four penalty rules: runs of five or more, 2×2 blocks, finder-like patterns, dark share. */
function penaltyOf(m: Uint8Array, size: number): number {
  const columns = transposed(m, size);
  let points = 0;
  let darkCount = 0;
  for (let a = 0; a < size; a++) {
    const start = a * size;
    points += linePenalty(m, start, size) + linePenalty(columns, start, size);
    for (let b = 0; b < size; b++) darkCount += m[start + b];
    if (a === size - 1) break;
    const next = start + size;
    for (let b = 0; b < size - 1; b++) {
      const block = m[start + b] + m[start + b + 1] + m[next + b] + m[next + b + 1];
      if (block === 0 || block === 4) points += 3;
    }
  }
  const share = (darkCount * 100) / (size * size);
  return points + Math.abs(Math.ceil(share / 5) - 10) * 10;
}

/** Runs of five or more alike, and 1:1:3:1:1 finder-like patterns with four light modules on a side, in one line. */
function linePenalty(m: Uint8Array, start: number, size: number): number {
  let points = 0;
  let run = 1;
  let bits = m[start];
  for (let b = 1; b < size; b++) {
    const v = m[start + b];
    if (v === m[start + b - 1]) run++;
    else {
      if (run >= 5) points += run - 2;
      run = 1;
    }
    bits = ((bits << 1) & 0x7ff) | v;
    if (b >= 10 && (bits === 0x5d0 || bits === 0x05d)) points += 40;
  }
  return run >= 5 ? points + run - 2 : points;
}

function transposed(m: Uint8Array, size: number): Uint8Array {
  const t = new Uint8Array(size * size);
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) t[col * size + row] = m[row * size + col];
  return t;
}
