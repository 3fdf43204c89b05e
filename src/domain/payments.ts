/** Payment plan (回款) rules: pure, the current date is always passed in. */

export type PaymentStatus = 'planned' | 'partial' | 'received' | 'overdue';

export interface InstalmentFacts {
  dueDate: string;
  amount: number;
  receivedAmount: number;
}

/**
 * The status of an instalment on `today` (YYYY-MM-DD in the organisation's time zone): received when
 * fully paid; overdue when its due date has passed without full payment (even if partly paid: the
 * money still missing is late); partial when some money came in; planned otherwise.
 */
export function paymentStatus(instalment: InstalmentFacts, today: string): PaymentStatus {
  if (instalment.receivedAmount >= instalment.amount) return 'received';
  if (instalment.dueDate < today) return 'overdue';
  return instalment.receivedAmount > 0 ? 'partial' : 'planned';
}

/** What is still to be received of an instalment (never negative). */
export function outstandingOf(instalment: InstalmentFacts): number {
  return Math.max(0, instalment.amount - instalment.receivedAmount);
}

/** The plan's totals: planned, received, outstanding and the overdue part of outstanding. */
export function planTotals(instalments: InstalmentFacts[], today: string) {
  let planned = 0;
  let received = 0;
  let outstanding = 0;
  let overdue = 0;
  for (const instalment of instalments) {
    planned += instalment.amount;
    received += instalment.receivedAmount;
    outstanding += outstandingOf(instalment);
    if (paymentStatus(instalment, today) === 'overdue') overdue += outstandingOf(instalment);
  }
  return { planned, received, outstanding, overdue };
}

/** The earliest due date among instalments not fully received: what turns a won deal red when passed. */
export function nextPaymentDue(instalments: InstalmentFacts[]): string | null {
  let earliest: string | null = null;
  for (const instalment of instalments) {
    if (instalment.receivedAmount < instalment.amount && (earliest === null || instalment.dueDate < earliest))
      earliest = instalment.dueDate;
  }
  return earliest;
}
