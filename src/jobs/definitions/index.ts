import type { JobDefinition } from '../job.js';
import { dailyUpdateReminder } from './daily-update-reminder.js';
import { managerDigest } from './manager-digest.js';
import { paymentOverdue } from './payment-overdue.js';
import { taskDue } from './task-due.js';

/** Every job the scheduler runs, in the order it runs them at a tick. */
export const JOBS = [dailyUpdateReminder, managerDigest, paymentOverdue, taskDue] as JobDefinition[];
