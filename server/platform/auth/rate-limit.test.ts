import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { createAuthLimits, LIMITS, type AuthLimits } from './rate-limit.ts';

let open: AuthLimits[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

const limits = async (opts: Partial<Parameters<typeof createAuthLimits>[0]> = {}) => {
  const l = await createAuthLimits({ keyPrefix: `test:${newId()}`, ...opts });
  open.push(l);
  return l;
};

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function suite(name: string, make: () => Promise<AuthLimits>) {
  describe(name, () => {
    it('refuses an account after its budget, from any IP, with 429 and Retry-After', async () => {
      const l = await make();
      for (let i = 0; i < LIMITS.perAccount; i++) await l.login.consume(`192.0.2.${i}`, 'Someone@Example.test');
      const err = await refusal(l.login.consume('198.51.100.1', ' someone@example.test '));
      expect(err.status).toBe(429);
      expect(Number(err.headers['Retry-After'])).toBeGreaterThan(0);
      expect(Number(err.headers['Retry-After'])).toBeLessThanOrEqual(LIMITS.windowSeconds);
      // Other accounts and other actions keep their own budgets.
      await l.login.consume('198.51.100.2', 'other@example.test');
      await l.password_reset.consume('198.51.100.3', 'someone@example.test');
    });

    it('refuses an IP after its budget, whatever account it tries', async () => {
      const l = await make();
      for (let i = 0; i < LIMITS.perIp; i++) await l.invite_accept.consume('203.0.113.7', `a${i}@example.test`);
      expect((await refusal(l.invite_accept.consume('203.0.113.7', 'new@example.test'))).status).toBe(429);
      await l.invite_accept.consume('203.0.113.8', 'new@example.test');
    });

    it('forgets an account after a success', async () => {
      const l = await make();
      for (let i = 0; i < LIMITS.perAccount; i++) await l.login.consume(`192.0.2.${i}`, 'x@example.test');
      await l.login.reset('x@example.test');
      await l.login.consume('192.0.2.200', 'x@example.test');
    });
  });
}

suite('in memory', () => limits());

const redisUrl = process.env.REDIS_URL;
// Shared limits need Redis; without REDIS_URL this half is skipped (the memory half above still runs).
describe.skipIf(!redisUrl)('with Redis', () => {
  suite('shared by every node', () => limits({ redisUrl }));

  it('two nodes draw on one budget', async () => {
    const keyPrefix = `test:${newId()}`;
    const a = await createAuthLimits({ redisUrl, keyPrefix });
    const b = await createAuthLimits({ redisUrl, keyPrefix });
    open.push(a, b);
    for (let i = 0; i < LIMITS.perAccount; i++) await (i % 2 ? a : b).login.consume(`192.0.2.${i}`, 'shared@example.test');
    expect((await refusal(a.login.consume('192.0.2.99', 'shared@example.test'))).status).toBe(429);
    expect((await refusal(b.login.consume('192.0.2.98', 'shared@example.test'))).status).toBe(429);
  });
});
