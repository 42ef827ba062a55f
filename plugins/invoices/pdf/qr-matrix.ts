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
  const flips = maskFlips(size, reservedBit);
  const bare = Uint8Array.from(data);
  for (let i = 0; i < bare.length; i++) bare[i] ^= flips[0][i];
  let best = new Uint8Array(0);
  let lowest = Infinity;
  const candidate = new Uint8Array(size * size);
  for (let mask = 0; mask < 8; mask++) {
    const flip = flips[mask];
    for (let i = 0; i < candidate.length; i++) candidate[i] = bare[i] ^ flip[i];
    placeFormat(candidate, size, formatBits(mask));
    const penalty = penaltyOf(candidate, size);
    if (penalty < lowest) {
      lowest = penalty;
      best = candidate.slice();
    }
  }
  return { size, dark: best };
}

/** Per symbol size (one version, so one layout of reserved modules): which modules each mask inverts. */
const flipsBySize = new Map<number, Uint8Array[]>();

function maskFlips(size: number, reserved: Uint8Array): Uint8Array[] {
  let flips = flipsBySize.get(size);
  if (!flips) {
    flips = Array.from({ length: 8 }, (_, mask) => {
      const flip = new Uint8Array(size * size);
      for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) flip[row * size + col] = !reserved[row * size + col] && masked(mask, row, col) ? 1 : 0;
      return flip;
    });
    flipsBySize.set(size, flips);
  }
  return flips;
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

/**
 * The standard's four penalty rules: runs of five or more alike in a row or column, 2×2 blocks
 * alike, 1:1:3:1:1 finder-like patterns with four light modules on one side, and the dark share.
 * One pass row by row; each column's run and last eleven modules are carried in arrays.
 */
function penaltyOf(m: Uint8Array, size: number): number {
  const colRun = new Int32Array(size);
  const colBits = new Int32Array(size);
  let points = 0;
  let darkCount = 0;
  for (let row = 0; row < size; row++) {
    const start = row * size;
    let run = 0;
    let bits = 0;
    for (let col = 0; col < size; col++) {
      const v = m[start + col];
      darkCount += v;
      if (col > 0 && v === m[start + col - 1]) run++;
      else {
        if (run >= 5) points += run - 2;
        run = 1;
      }
      bits = ((bits << 1) & 0x7ff) | v;
      if (col >= 10 && (bits === 0x5d0 || bits === 0x05d)) points += 40;
      if (row > 0 && v === m[start - size + col]) colRun[col]++;
      else {
        if (colRun[col] >= 5) points += colRun[col] - 2;
        colRun[col] = 1;
      }
      const cb = (colBits[col] = ((colBits[col] << 1) & 0x7ff) | v);
      if (row >= 10 && (cb === 0x5d0 || cb === 0x05d)) points += 40;
      if (row > 0 && col > 0) {
        const block = v + m[start + col - 1] + m[start - size + col] + m[start - size + col - 1];
        if (block === 0 || block === 4) points += 3;
      }
    }
    if (run >= 5) points += run - 2;
  }
  for (let col = 0; col < size; col++) if (colRun[col] >= 5) points += colRun[col] - 2;
  const share = (darkCount * 100) / (size * size);
  return points + Math.abs(Math.ceil(share / 5) - 10) * 10;
}
