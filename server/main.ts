import { boot } from './boot.ts';
import { ConfigError, loadConfig } from './platform/config.ts';

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
  const { app, ctx } = baton;
  await app.listen({ port: config.PORT, host: config.HOST });
  ctx.log.info({ url: config.publicUrl, database: ctx.database.driver }, 'Baton is up');

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
