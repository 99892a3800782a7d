import { boolean, pgTable, real, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/schema.ts';

/** A workspace's frustration-signal switch; no row means off, as privacy asks. */
export const signalSettings = pgTable('signal_settings', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(false),
  sampleRate: real('sample_rate').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
