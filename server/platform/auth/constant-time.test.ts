import { describe, expect, it, vi } from 'vitest';

// Wraps node:crypto's timingSafeEqual so the test sees every call while keeping its behaviour.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, default: actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const crypto = await import('node:crypto');
const { safeEqual } = await import('../ids.ts');
const spy = vi.mocked(crypto.timingSafeEqual);

describe('safeEqual', () => {
  it('compares secrets with crypto.timingSafeEqual, whatever their lengths', () => {
    spy.mockClear();
    expect(safeEqual('csrf-token-value', 'csrf-token-value')).toBe(true);
    expect(safeEqual('csrf-token-value', 'csrf-token-valuX')).toBe(false);
    // A shorter guess still costs a full-length comparison instead of returning at once.
    expect(safeEqual('csrf-token-value', 'c')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(4);
    const [a, b] = spy.mock.calls[2]!;
    expect((a as Buffer).length).toBe((b as Buffer).length);
  });

  it('handles multi-byte characters by bytes, not by code units', () => {
    expect(safeEqual('пароль', 'пароль')).toBe(true);
    expect(safeEqual('пароль', 'паролъ')).toBe(false);
    expect(safeEqual('ab', 'é')).toBe(false);
  });
});
