/** True when a statement failed with SQLSTATE `code`, on PostgreSQL or PGlite, wrapped by Drizzle or not. */
export function hasSqlState(err: unknown, code: string): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === code) return true;
  }
  return false;
}

/** The statement failed on a unique index (unique_violation). */
export const isUniqueViolation = (err: unknown): boolean => hasSqlState(err, '23505');

/** The statement ran past its `statement_timeout` (query_canceled). */
export const isStatementTimeout = (err: unknown): boolean => hasSqlState(err, '57014');
