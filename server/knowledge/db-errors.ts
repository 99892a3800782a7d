/** True when a statement failed on a unique index (SQLSTATE 23505), on PostgreSQL or PGlite, wrapped by Drizzle or not. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
}
