import { z } from 'zod';
import { ProblemSchema } from '../../contract/common.js';

/** Shared pieces of route documentation (validation itself happens in the commands). */
export const idParams = z.object({ id: z.string() });

export const problemResponses = {
  400: ProblemSchema.describe('Invalid input: every invalid field listed'),
  401: ProblemSchema.describe('Not signed in'),
  403: ProblemSchema.describe('Signed in but not allowed'),
  404: ProblemSchema.describe('Not found or not visible to you'),
  409: ProblemSchema.describe('Stale version or duplicate'),
};

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().optional() });
}
