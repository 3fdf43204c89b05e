import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './accounts/accounts.routes.js';
import { attachmentRoutes } from './attachments/attachments.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { dealRoutes } from './deals/deals.routes.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { paymentRoutes } from './payments/payments.routes.js';
import { pipelineRoutes } from './pipeline/pipeline.routes.js';
import { productRoutes } from './products/products.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { taskRoutes } from './tasks/tasks.routes.js';
import { userRoutes } from './users/users.routes.js';

/** Every route module; each registers its own paths under /api. */
export const ROUTES: ((app: FastifyInstance) => Promise<void>)[] = [
  authRoutes,
  userRoutes,
  dealRoutes,
  auditRoutes,
  accountRoutes,
  productRoutes,
  searchRoutes,
  pipelineRoutes,
  paymentRoutes,
  reportRoutes,
  taskRoutes,
  attachmentRoutes,
  notificationRoutes,
];
