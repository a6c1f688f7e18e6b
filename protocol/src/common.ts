import { z } from 'zod';

export const Id = z.number().int().positive();
export const IdParam = z.object({ id: z.coerce.number().int().positive() });
/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int();

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Ok = z.object({ ok: z.literal(true) });
