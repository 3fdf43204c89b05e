/** Money is integer minor units (分/cents) everywhere; percentages are applied with one rounding. */

/** Line total after discount: quantity × unit price × (1 − discount), rounded to the minor unit. */
export function lineItemTotal(quantity: number, unitPrice: number, discountBp: number): number {
  return Math.round((quantity * unitPrice * (10_000 - discountBp)) / 10_000);
}

/** Percent with up to two decimals → basis points. */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

/** Amount weighted by a probability in percent. */
export function weighted(amount: number, probability: number): number {
  return Math.round((amount * probability) / 100);
}

/** An amount in minor units shown with its currency, e.g. "CNY 12,345.60" (two minor digits). */
export function formatMinor(amount: number, currency: string): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const major = Math.floor(abs / 100).toLocaleString('en-US');
  return `${currency} ${sign}${major}.${String(abs % 100).padStart(2, '0')}`;
}
