/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain algorithm, written here from its
 * description) over the UTF-8 bytes of a string. Pure and synchronous with no Node APIs, so the
 * server, the REST evaluation and the Messenger in the browser compute the same buckets; any
 * other language can reproduce it with a stock murmur3_32 over UTF-8.
 *
 * The hash is split in two because a unit is hashed under several seeds (holdout, layer, traffic,
 * variant): mixing each 4-byte block (multiply, rotate, multiply) does not depend on the seed, so
 * `mixKey` does it once per id and `hashMixed` runs only the cheap seed-dependent chain per seed.
 * An ASCII id (every UUID) is read straight from its char codes, with no UTF-8 encoding at all.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** A string's mixed blocks: valid until the next mixKey/mixBytes call (one module-wide scratch). */
export interface MixedKey {
  readonly blocks: Int32Array;
  /** Number of whole 4-byte blocks in `blocks`. */
  readonly count: number;
  /** The mixed tail (the last 1–3 bytes), or 0 when the length is a multiple of 4. */
  readonly tail: number;
  /** Byte length of the UTF-8 input. */
  readonly length: number;
}

let bytesScratch = new Uint8Array(256);
const key = { blocks: new Int32Array(64), count: 0, tail: 0, length: 0 };

const mix = (k: number): number => {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
};

function reserve(blocks: number): Int32Array {
  if (key.blocks.length < blocks) key.blocks = new Int32Array(blocks * 2);
  return key.blocks;
}

/** Encodes `text` as UTF-8 into the reusable byte scratch; returns the byte length. */
function utf8Into(text: string): number {
  if (bytesScratch.length < text.length * 3) bytesScratch = new Uint8Array(text.length * 3);
  const out = bytesScratch;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 63);
          out[n++] = 0x80 | ((c >> 6) & 63);
          out[n++] = 0x80 | (c & 63);
          continue;
        }
      }
      // A lone surrogate becomes U+FFFD, as TextEncoder does.
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

/** The mixed blocks of the first `length` bytes. */
export function mixBytes(bytes: Uint8Array, length: number): MixedKey {
  const blocks = reserve((length >> 2) + 1);
  const end = length & ~3;
  let n = 0;
  for (let i = 0; i < end; i += 4) blocks[n++] = mix(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  let k = 0;
  switch (length & 3) {
    case 3:
      k ^= bytes[end + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[end + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[end]!;
      k = mix(k);
  }
  key.count = n;
  key.tail = k;
  key.length = length;
  return key;
}

/** The mixed blocks of `text`'s UTF-8 bytes. */
export function mixKey(text: string): MixedKey {
  const length = text.length;
  const blocks = reserve((length >> 2) + 1);
  const end = length & ~3;
  // Optimistically ASCII, where a char code is its byte; any wider char redoes it through UTF-8.
  let wide = 0;
  let n = 0;
  for (let i = 0; i < end; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    wide |= c0 | c1 | c2 | c3;
    blocks[n++] = mix(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let k = 0;
  switch (length & 3) {
    case 3:
      k = text.charCodeAt(end + 2);
      wide |= k;
      k <<= 16;
    // falls through
    case 2: {
      const c = text.charCodeAt(end + 1);
      wide |= c;
      k ^= c << 8;
    }
    // falls through
    case 1: {
      const c = text.charCodeAt(end);
      wide |= c;
      k = mix(k ^ c);
    }
  }
  if (wide >= 0x80) return mixBytes(bytesScratch, utf8Into(text)); // utf8Into may replace the scratch, so read it after
  key.count = n;
  key.tail = k;
  key.length = length;
  return key;
}

/** murmur3_32 of a mixed key under `seed`, as an unsigned 32-bit integer. */
export function hashMixed(mixed: MixedKey, seed: number): number {
  const { blocks, count } = mixed;
  let h = seed | 0;
  for (let i = 0; i < count; i++) {
    h ^= blocks[i]!;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= mixed.tail;
  h ^= mixed.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** murmur3_32 of the first `length` bytes. */
export const murmur3Bytes = (bytes: Uint8Array, length: number, seed: number): number => hashMixed(mixBytes(bytes, length), seed);

/** murmur3_32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export const murmur3 = (text: string, seed = 0): number => hashMixed(mixKey(text), seed);
