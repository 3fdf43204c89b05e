import { afterEach } from 'vitest';
import { takeContractViolations } from './contract-check.js';

// An answer that disagrees with the OpenAPI document fails the test that caused it (test/contract-check.ts).
afterEach(() => {
  const violations = takeContractViolations();
  if (violations.length > 0) {
    throw new Error(`The API answered differently from its OpenAPI document:\n  ${violations.join('\n  ')}`);
  }
});
