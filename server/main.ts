import { boot } from './boot.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { firstStart } from './workspaces/first-start.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const baton = await boot(config);
  const { app, ctx, services } = baton;
  // Before listening, so the login printed below works the moment it appears.
  const welcome = await firstStart(ctx, services);
  const listening = await app.listen({ port: config.PORT, host: config.HOST });
  ctx.log.info({ url: config.publicUrl, listening, database: ctx.database.driver }, 'Baton is up');
  // Plain text, not a log line: this is for the person at the terminal.
  console.log(['', ...welcome.map((l) => `  ${l}`), ''].join('\n'));

  const shutdown = (signal: string) => {
    ctx.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    baton
      .close()
      .then(() => {
        clearTimeout(force);
        process.exit(0);
      })
      .catch((err: unknown) => {
        ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
