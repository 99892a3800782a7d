import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { Email, NewPassword } from '../contracts/auth.ts';
import { createContext, openConfiguredDatabase } from './boot.ts';
import { AnalyzeFlags, analyzeCommand, UnreadableFileError } from './experiments/cli.ts';
import { ExperimentInputError } from './experiments/input/errors.ts';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import type { Database } from './platform/db.ts';
import { AppError } from './platform/errors.ts';
import { randomToken } from './platform/ids.ts';
import { loggerOptions } from './platform/logger.ts';
import type { Services } from './services.ts';

const USAGE = `Usage: npx baton <command> [options]

Commands:
  create-workspace --name <name> --email <e-mail> --password <password> [--owner-name <name>]
      Creates a workspace and its owner; prints JSON with workspace_id, write_key, api_key, login_url.
  migrate
      Applies pending database migrations (Baton also does this on start).
  create-api-key --workspace <workspace id> --name <name>
      Creates a REST API key; prints JSON with the key (shown only this once).
  reset-password --email <e-mail> [--password <password>]
      Sets an agent's password (or generates and prints one) and ends all their sessions.
  experiments analyze --design <design.json> --units <units.csv> [--out <result.json>]
      Analyses an experiment from a CSV of units (see docs/architecture.md, Experiments); prints the
      result JSON or writes it to --out. Needs no server and no database.

The other commands choose the database like the server does: DATABASE_URL, else PGlite under DATA_DIR (./data).
With PGlite, stop the server first: only one process can open the embedded database.`;

/** Wrong usage: exit code 2 with a message saying what to fix. */
class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** An open, migrated database to use instead of the configured one (tests). */
  database?: Database;
  io?: CliIo;
}

const stdio: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

const Name = (max: number) => z.string().trim().min(1, 'is required').max(max);

interface Command<S extends z.ZodObject> {
  flags: S;
  /** Without services the command only needs the migrated database (migrate). */
  run(input: z.infer<S>, services: Services, config: Config): Promise<unknown>;
}

const command = <S extends z.ZodObject>(c: Command<S>) => c as unknown as Command<z.ZodObject>;

/** A command on files only: it never loads the configuration or opens the database. */
interface OfflineCommand {
  flags: z.ZodObject;
  /** Resolves to what goes to stdout (nothing when the command wrote a file) and to stderr. */
  run(input: Record<string, unknown>): { out?: string; err?: string };
}

const offlineCommands: Record<string, OfflineCommand> = {
  'experiments analyze': {
    flags: AnalyzeFlags,
    run(input) {
      const { json, wroteTo } = analyzeCommand(AnalyzeFlags.parse(input));
      return wroteTo ? { err: `Wrote ${wroteTo}` } : { out: json };
    },
  },
};

const commands: Record<string, Command<z.ZodObject>> = {
  'create-workspace': command({
    flags: z.object({
      name: Name(100),
      email: Email,
      password: NewPassword,
      'owner-name': Name(100).optional(),
    }),
    async run(input, services, config) {
      const ws = await services.workspaces.create({
        name: input.name,
        owner: { email: input.email, password: input.password, name: input['owner-name'] },
      });
      return { workspace_id: ws.workspaceId, write_key: ws.writeKey, api_key: ws.apiKey, login_url: `${config.publicUrl}/app/` };
    },
  }),
  migrate: command({
    flags: z.object({}),
    // Opening the configured database already migrated it.
    async run() {
      return { migrated: true };
    },
  }),
  'create-api-key': command({
    flags: z.object({ workspace: z.uuid(), name: Name(80) }),
    async run(input, services) {
      return services.workspaces.createApiKey(input.workspace, input.name, null);
    },
  }),
  'reset-password': command({
    flags: z.object({ email: Email, password: NewPassword.optional() }),
    async run(input, services) {
      const password = input.password ?? randomToken('', 12);
      const agent = await services.workspaces.accounts.setPassword(input.email, password);
      return { email: agent.email, ...(input.password ? {} : { password }), sessions_ended: true };
    },
  }),
};

function parseFlags(cmd: { flags: z.ZodObject }, args: string[]): Record<string, unknown> {
  let values: Record<string, unknown>;
  try {
    const options = Object.fromEntries(Object.keys(cmd.flags.shape).map((n) => [n, { type: 'string' as const }]));
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const parsed = cmd.flags.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const flag = String(i.path[0]);
      return `--${flag}: ${values[flag] === undefined ? 'is required' : i.message}`;
    });
    throw new UsageError(problems.join('\n'));
  }
  return parsed.data;
}

/** Runs one command; resolves to the process exit code (0 done, 1 failed, 2 wrong usage or configuration). */
export async function main(argv: string[], opts: CliOptions = {}): Promise<number> {
  const io = opts.io ?? stdio;
  const [first, second] = argv;
  if (!first || first === 'help' || first === '--help' || first === '-h') {
    (first ? io.out : io.err)(USAGE);
    return first ? 0 : 2;
  }
  const pair = `${first} ${second}`;
  if (Object.hasOwn(offlineCommands, pair)) return runOffline(pair, offlineCommands[pair]!, argv.slice(2), io);
  const name = first;
  const rest = argv.slice(1);
  const cmd = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!cmd) {
    io.err(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  let input: Record<string, unknown>;
  let config: Config;
  try {
    input = parseFlags(cmd, rest);
    config = loadConfig(opts.env ?? process.env);
  } catch (err) {
    if (err instanceof UsageError) io.err(`${name}: ${err.message}\n\nRun "npx baton help" for usage.`);
    else if (err instanceof ConfigError) io.err(err.message);
    else throw err;
    return 2;
  }

  let database: Database | undefined = opts.database;
  let closeBus = async () => {};
  try {
    database ??= await openConfiguredDatabase(config);
    // Logs go to stderr so stdout stays one JSON document.
    const log = pino(loggerOptions(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL), pino.destination(2));
    const { ctx, services } = createContext(config, database, log);
    closeBus = () => ctx.bus.close();
    io.out(JSON.stringify(await cmd.run(input, services, config), null, 2));
    return 0;
  } catch (err) {
    io.err(err instanceof AppError ? `${name}: ${err.message}` : `${name} failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await closeBus();
    if (!opts.database) await database?.close();
  }
}

function runOffline(name: string, cmd: OfflineCommand, args: string[], io: CliIo): number {
  try {
    const { out, err } = cmd.run(parseFlags(cmd, args));
    if (out !== undefined) io.out(out);
    if (err !== undefined) io.err(err);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof UnreadableFileError || err instanceof ExperimentInputError) {
      io.err(`${name}: ${err.message}`);
      return 2;
    }
    io.err(`${name} failed: ${(err as Error).message}`);
    return 1;
  }
}
