import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Every setting Baton reads from the environment. The README's configuration table is written
 * from this list; keep them in step.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** Starts every Redis key and channel, so several Baton deployments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits or _ . : - (e.g. baton-staging:)')
    .default('baton:'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Baton <baton@localhost>'),
  /** The domain of support and reply addresses (its MX points at Baton or forwards to the hook); default: PUBLIC_URL's host. */
  MAIL_INBOUND_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain name').optional(),
  /** Port of the built-in SMTP receiver for inbound mail; unset keeps it off. */
  SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Bearer token of the inbound mail hook (POST /inbound/email/mime); unset keeps the hook off. */
  MAIL_INBOUND_SECRET: z.string().min(24, 'must be at least 24 characters').optional(),
  /** An agent reply still unread in the Messenger after this many minutes is e-mailed to the customer. */
  MAIL_OFFLINE_REPLY_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BATON_DEMO: bool.default(true),
  BATON_ROLES: z.string().default('web,worker'),
  WEBHOOKS_ALLOW_PRIVATE: bool.default(false),
  /** First retry of a failed webhook delivery; later ones back off exponentially from it. */
  WEBHOOKS_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  /** An OpenAI-compatible API base (…/v1); with it, article search ranks by meaning too. */
  EMBEDDINGS_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).max(200).default('text-embedding-3-small'),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  /** Cosine similarity an article needs to be found by meaning alone (no shared words). */
  EMBEDDINGS_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.5),
});

const SECRET_VARS = new Set(['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'SESSION_SECRET', 'EMBEDDINGS_API_KEY', 'MAIL_INBOUND_SECRET']);

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  publicUrl: string;
  dataDir: string;
  inboundDomain: string;
  roles: Set<'web' | 'worker'>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        // URLs and secrets may carry passwords: name the variable, never echo its value.
        const shown = SECRET_VARS.has(name) ? '[hidden]' : JSON.stringify(env[name]);
        return `${name}: ${i.message} (got ${shown})`;
      }),
    );
  }
  const e = parsed.data;
  const roles = new Set<'web' | 'worker'>();
  for (const r of e.BATON_ROLES.split(',').map((s) => s.trim())) {
    if (r !== 'web' && r !== 'worker') throw new ConfigError([`BATON_ROLES: unknown role "${r}" (use web, worker)`]);
    roles.add(r);
  }
  return {
    ...e,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    inboundDomain: (e.MAIL_INBOUND_DOMAIN ?? new URL(e.PUBLIC_URL ?? 'http://localhost').hostname).toLowerCase(),
    dataDir: path.resolve(e.DATA_DIR),
    roles,
  };
}
