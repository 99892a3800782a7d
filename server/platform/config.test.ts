import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.BATON_DEMO).toBe(true);
    expect([...c.roles].sort()).toEqual(['web', 'worker']);
  });

  it('names every bad value', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', BATON_DEMO: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('BATON_DEMO');
    }
  });

  it('never echoes a secret-bearing value', () => {
    expect(() => loadConfig({ SMTP_URL: 'ftp://user:hunter2secret@mail' })).toThrow(/SMTP_URL.*\[hidden\]/);
    try {
      loadConfig({ DATABASE_URL: 'mysql://u:hunter2secret@db', SESSION_SECRET: 'short-hunter2' });
    } catch (err) {
      expect((err as Error).message).not.toMatch(/hunter2/);
    }
  });

  it('prefixes Redis keys with baton: unless told otherwise, and refuses a prefix that is not a plain name', () => {
    expect(loadConfig({}).REDIS_PREFIX).toBe('baton:');
    expect(loadConfig({ REDIS_PREFIX: 'baton-staging:' }).REDIS_PREFIX).toBe('baton-staging:');
    expect(() => loadConfig({ REDIS_PREFIX: '' })).toThrow(/REDIS_PREFIX/);
    expect(() => loadConfig({ REDIS_PREFIX: 'has space' })).toThrow(/REDIS_PREFIX/);
  });

  it('refuses unknown roles', () => {
    expect(() => loadConfig({ BATON_ROLES: 'web,chef' })).toThrow(/chef/);
  });
});
