import { z } from 'zod';

/** The largest id the `integer`/`serial` id columns hold (PostgreSQL refuses a bigger one with a 500). */
export const MAX_ID = 2_147_483_647;
/** Every id, in bodies, frames and answers: bounded to its column's range. */
export const Id = z.number().int().positive().max(MAX_ID);
/** An id in a path or a query string, where it arrives as text. */
export const CoercedId = z.coerce.number().int().positive().max(MAX_ID);
export const IdParam = z.object({ id: CoercedId });
/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int();

/**
 * `message` is English, for logs and API users; clients translate by `code`, filling in `params`
 * (e.g. ALREADY_TAKEN carries the colleague's `name`, file refusals the file's `name`).
 */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.string()).optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Ok = z.object({ ok: z.literal(true) });
