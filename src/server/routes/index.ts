import type { FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth.routes.js';
import { dealRoutes } from './deals/deals.routes.js';
import { userRoutes } from './users/users.routes.js';

/** Every route module; each registers its own paths under /api. */
export const ROUTES: ((app: FastifyInstance) => Promise<void>)[] = [authRoutes, userRoutes, dealRoutes];
