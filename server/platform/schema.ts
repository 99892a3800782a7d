// Every table, for Drizzle's relational queries and for drizzle-kit's migration generator.
export * from '../workspaces/schema.ts';
export * from '../contacts/schema.ts';
export * from './webhooks/schema.ts';
export * from './mail/schema.ts';
