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

  it('refuses unknown roles', () => {
    expect(() => loadConfig({ BATON_ROLES: 'web,chef' })).toThrow(/chef/);
  });
});
