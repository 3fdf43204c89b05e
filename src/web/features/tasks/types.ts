/** A task as GET /api/tasks answers it (src/contract/tasks.ts). */
export interface Task {
  id: string;
  title: string;
  notes: string | null;
  assigneeId: string;
  assigneeName: string | null;
  createdBy: string;
  dueAt: string | null;
  dealId: string | null;
  dealTitle: string | null;
  accountId: string | null;
  accountName: string | null;
  doneAt: string | null;
  overdue: boolean;
  version: number;
}
