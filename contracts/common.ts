import { z } from 'zod';

/** RFC 9457 problem+json, as every error leaves the server. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** One page of a keyset-paginated list; pass `next_cursor` back as `cursor` for the next page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });

export const Cursor = z.string().max(2000).optional().describe('Opaque cursor from the previous page');
export const Limit = z.coerce.number().int().min(1).max(100).default(25);
export const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });

/** Error responses every authenticated route can give. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
} as const;
