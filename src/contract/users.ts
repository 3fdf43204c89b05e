import { z } from 'zod';
import { IdSchema, RequiredTextSchema, ROLES, VersionSchema } from './common.js';

export const UserCreateSchema = z.strictObject({
  name: RequiredTextSchema(100),
  email: z.email().max(200),
  password: z.string().min(8).max(200),
  role: z.enum(ROLES),
  teamId: IdSchema.nullish(),
  locale: z.enum(['zh-CN', 'en']).nullish(),
});
export type UserCreate = z.output<typeof UserCreateSchema>;

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  teamId: z.string().nullable(),
  locale: z.string().nullable(),
  active: z.boolean(),
  /** Send it back with PATCH /api/users/:id. */
  version: z.number().optional(),
});

/** Admin changes a user: name, role, team, active (the last active admin stays an active admin). */
export const UserUpdateSchema = z.strictObject({
  name: RequiredTextSchema(100).optional(),
  role: z.enum(ROLES).optional(),
  teamId: IdSchema.nullish(),
  active: z.boolean().optional(),
  version: VersionSchema,
});
export type UserUpdate = z.output<typeof UserUpdateSchema>;

/** A team's own time of day (HH:MM in the organisation's time zone); null: the organisation's. */
const TeamTimeSchema = z
  .string()
  .max(5)
  .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'time_of_day')
  .nullish();
const TeamTimeFields = {
  /** When the team's reps get the daily update reminder. */
  reminderTime: TeamTimeSchema,
  /** When the team's manager gets the day's digest. */
  digestTime: TeamTimeSchema,
};

export const TeamCreateSchema = z.strictObject({
  name: RequiredTextSchema(100),
  managerId: IdSchema.nullish(),
  ...TeamTimeFields,
});
export const TeamUpdateSchema = z.strictObject({
  name: RequiredTextSchema(100).optional(),
  managerId: IdSchema.nullish(),
  ...TeamTimeFields,
  version: VersionSchema,
});
export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  managerId: z.string().nullable(),
  reminderTime: z.string().nullable(),
  digestTime: z.string().nullable(),
  version: z.number(),
});

export const TokenCreateSchema = z.strictObject({ name: RequiredTextSchema(100) });
export const TokenCreatedSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The token itself: shown this once, send it as `Authorization: Bearer <token>`. */
  token: z.string(),
});

export const UserListSchema = z.object({ items: z.array(UserSchema) });
export const TeamListSchema = z.object({ items: z.array(TeamSchema) });

export const LoginSchema = z.strictObject({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
});
export const SignedInSchema = z.object({ user: UserSchema, csrfToken: z.string() });
export const SignedOutSchema = z.object({ ok: z.literal(true) });

/** The signed-in user; `csrfToken` (echo it in x-csrf-token on writes) only for a session, not a bearer token. */
export const MeSchema = UserSchema.omit({ version: true }).extend({ csrfToken: z.string().optional() });

// The answers as the client reads them (web app: `import type`).
export type User = z.output<typeof UserSchema>;
export type Team = z.output<typeof TeamSchema>;
export type Me = z.output<typeof MeSchema>;
