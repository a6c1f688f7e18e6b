import { z } from 'zod';

export const Id = z.number().int().positive();
export const IdParam = z.object({ id: z.coerce.number().int().positive() });
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
