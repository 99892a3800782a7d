import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.ts';
import { hashToken } from '../ids.ts';

const WINDOW_SECONDS = 15 * 60;

/** Attempts allowed per window. An IP may serve a whole office, so it gets more than one address. */
export const LIMITS = { perAccount: 10, perIp: 30, windowSeconds: WINDOW_SECONDS } as const;

export type LimitedAction = 'login' | 'password_reset' | 'invite_accept';

export interface ActionLimit {
  /**
   * Counts one attempt against the IP and, when known, the account (an e-mail address or an
   * agent id); throws 429 with Retry-After once either is used up. The IP is counted first, so a
   * flood from one address spends its own budget even while the targeted account is locked.
   */
  consume(ip: string, account?: string): Promise<void>;
  /** Forgets the failures of an account after it proved itself (a successful sign-in). */
  reset(account: string): Promise<void>;
}

export interface AuthLimits extends Record<LimitedAction, ActionLimit> {
  close(): Promise<void>;
}

/** Where a deployment's limits live in Redis: under its REDIS_PREFIX, so two deployments never share counts. */
export const limitPrefix = (config: { REDIS_PREFIX: string }) => `${config.REDIS_PREFIX}rl`;

/** Account keys are hashed so the limiter's store (Redis) holds no e-mail addresses. */
const accountKey = (account: string) => hashToken(account.trim().toLowerCase());

/**
 * Login, password-reset and invite-acceptance limits. With Redis they are shared by every node;
 * if Redis is unreachable each node falls back to counting in memory rather than failing open.
 */
export async function createAuthLimits(opts: { redisUrl?: string; keyPrefix: string }): Promise<AuthLimits> {
  const prefix = opts.keyPrefix;
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true })
    : undefined;
  // Connection trouble is handled by the insurance limiter; without a listener ioredis would crash the process.
  redis?.on('error', () => undefined);
  // Connected before the first request, so limits are shared from the start. If Redis is down,
  // ioredis keeps reconnecting and attempts are counted in memory meanwhile.
  await redis?.connect().catch(() => undefined);

  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const base = { points, duration: WINDOW_SECONDS, keyPrefix: `${prefix}:${name}` };
    const memory = new RateLimiterMemory(base);
    return redis ? new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: memory }) : memory;
  };

  const action = (name: LimitedAction): ActionLimit => {
    const byIp = limiter(`${name}:ip`, LIMITS.perIp);
    const byAccount = limiter(`${name}:account`, LIMITS.perAccount);
    return {
      async consume(ip, account) {
        await take(byIp, ip);
        if (account !== undefined) await take(byAccount, accountKey(account));
      },
      async reset(account) {
        await byAccount.delete(accountKey(account));
      },
    };
  };

  return {
    login: action('login'),
    password_reset: action('password_reset'),
    invite_accept: action('invite_accept'),
    async close() {
      redis?.disconnect();
    },
  };
}

export interface IpLimit {
  /** Counts one attempt from this IP; throws 429 with Retry-After once its budget is spent. */
  consume(ip: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A per-IP budget for a public endpoint (the Messenger's new sessions and conversations),
 * shared by every node through Redis like the sign-in limits, counted in memory without it.
 */
export async function createIpLimit(opts: { name: string; points: number; windowSeconds: number; redisUrl?: string; keyPrefix: string }): Promise<IpLimit> {
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true })
    : undefined;
  redis?.on('error', () => undefined);
  await redis?.connect().catch(() => undefined);
  const base = { points: opts.points, duration: opts.windowSeconds, keyPrefix: `${opts.keyPrefix}:${opts.name}:ip` };
  const memory = new RateLimiterMemory(base);
  const limiter = redis ? new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: memory }) : memory;
  return {
    consume: (ip) => take(limiter, ip),
    async close() {
      redis?.disconnect();
    },
  };
}

async function take(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new AppError('rate_limited', 'Too many attempts. Try again later.', [], { 'Retry-After': String(seconds) });
  }
}
