import type { Logger } from 'pino';

/**
 * Decision records written after the answer has left, one chain per contact. The record (the
 * session's sends, first exposures) is the server's own log, which nothing a rule reads comes
 * from, so the widget need not wait for it: it was a second round trip on every new contact's
 * first page view and most of the decision's tail. A contact's next decision waits for its last
 * record, so it reads the sends that record holds and never hands the same campaign out as new
 * twice; readers on this node wait with `settled` for the records of the answers given so far.
 */
export function createWriteBehind(log: Logger) {
  const writing = new Map<string, Promise<void>>();
  return {
    /** Waits for the record still being written for this key, if any. */
    after: (key: string): Promise<void> | undefined => writing.get(key),

    /** Starts `write` now; a failure is logged, and the next decision writes what it lacks again. */
    start(key: string, write: () => Promise<void>): void {
      const done: Promise<void> = write()
        .catch((err: unknown) => log.error({ err }, 'campaign decision record failed'))
        .finally(() => {
          if (writing.get(key) === done) writing.delete(key);
        });
      writing.set(key, done);
    },

    /** Resolves when every record started so far is written (or has failed and been logged). */
    settled: async (): Promise<void> => void (await Promise.all([...writing.values()])),
  };
}
