import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7s in bulk for ingestion (one per stored event): the same layout as ids.ts's newId —
 * 48-bit millisecond time, then 74 bits from the CSPRNG — but with the random bytes drawn from a
 * pool refilled 4 KB at a time instead of one system call per id.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function fastId(): string {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const ms = Date.now();
  const r = pool;
  const o = offset;
  offset += 10;
  const t = ms.toString(16).padStart(12, '0');
  return (
    `${t.slice(0, 8)}-${t.slice(8, 12)}-` +
    `7${hex[r[o]!]!.slice(1)}${hex[r[o + 1]!]}-` +
    `${hex[(r[o + 2]! & 0x3f) | 0x80]}${hex[r[o + 3]!]}-` +
    `${hex[r[o + 4]!]}${hex[r[o + 5]!]}${hex[r[o + 6]!]}${hex[r[o + 7]!]}${hex[r[o + 8]!]}${hex[r[o + 9]!]}`
  );
}
