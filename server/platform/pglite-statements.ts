import { parse, protocol, type PGlite } from '@electric-sql/pglite';

/** A bound value as PostgreSQL's text format, as PGlite's own query() would send it. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const concat = (...messages: Uint8Array[]) => Buffer.concat(messages);

/**
 * Named statements for PGlite, which has no statement cache: its query() parses, describes and
 * plans every statement each time, in five calls into WebAssembly. A named statement is parsed
 * once per database and then bound, described and executed in one call, which cut the CPU of
 * ingestion's hot statement by about a quarter. It runs under the same two locks as query(), so
 * it never lands inside a transaction another caller has open on the single connection.
 */
export function pgliteStatements(client: PGlite) {
  const prepared = new Set<string>();
  return async function query<R>(name: string, text: string, params: unknown[] = []) {
    await client._checkReady();
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        if (!prepared.has(name)) {
          await client.execProtocol(concat(protocol.serialize.parse({ name, text, types: [] }), protocol.serialize.sync()));
          prepared.add(name);
        }
        const { messages } = await client.execProtocol(
          concat(
            protocol.serialize.bind({ statement: name, values: params.map(asText) }),
            protocol.serialize.describe({ type: 'P' }),
            protocol.serialize.execute({}),
            protocol.serialize.sync(),
          ),
        );
        // What query() does after every statement outside a transaction (a no-op on disk and in memory).
        await client.syncToFs();
        const [result] = parse.parseResults(messages, client.parsers);
        return { rows: (result?.rows ?? []) as R[], rowCount: result?.affectedRows ?? result?.rows.length ?? 0 };
      }),
    );
  };
}
