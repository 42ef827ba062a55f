import { createHash, hash, type BinaryToTextEncoding } from 'node:crypto';

const BLOCK = 64;
// Messages up to this many UTF-8 bytes are hashed from a buffer kept for the purpose.
const SCRATCH = 768;

/**
 * HMAC-SHA256 (RFC 2104: `H(K ^ opad || H(K ^ ipad || m))`) from two one-shot hashes, the same
 * bytes as `createHmac('sha256', key)`. `createHmac` sets up an OpenSSL MAC context on every
 * call, which costs about as much again as the hashing: the two MACs of a first visit's page
 * (the CSRF token and its secret cookie's signature) take less than half as long this way
 * (median 2.8 µs against 6.7 µs a MAC, same run). The padded key is made once per key.
 */
export function hmacSha256(key: Uint8Array): (message: string, encoding: BinaryToTextEncoding) => string {
  const block = Buffer.alloc(BLOCK);
  block.set(key.length > BLOCK ? createHash('sha256').update(key).digest() : key);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  // The inner hash is written after the outer pad, so the outer hash reads one buffer.
  const outer = Buffer.concat([block.map((b) => b ^ 0x5c), Buffer.alloc(32)]);
  const inner = Buffer.concat([ipad, Buffer.alloc(SCRATCH)]);
  // Synchronous from start to end: no other call can use the buffers in between.
  return (message, encoding) => {
    const input =
      message.length * 3 <= SCRATCH
        ? inner.subarray(0, BLOCK + inner.write(message, BLOCK, 'utf8'))
        : Buffer.concat([ipad, Buffer.from(message, 'utf8')]);
    outer.write(hash('sha256', input, 'hex'), BLOCK, 'hex');
    return hash('sha256', outer, encoding);
  };
}
