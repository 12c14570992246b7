/** Stable error codes: merchants branch on these, so they never change meaning. */
export type BillingErrorCode =
  | 'invalid-params'
  | 'in-flight'
  | 'sdk-load-failed'
  | 'cancelled'
  | 'pg-error'
  | 'timeout';

const brand = Symbol.for('imp-billing.BillingError');

/**
 * The one error type imp-billing throws or reports. `field` uses PortOne's parameter names
 * (`customer_uid`, `card.info.number`, …) so a merchant can point at the offending input.
 */
export class BillingError extends Error {
  readonly code: BillingErrorCode;
  readonly field?: string;

  constructor(code: BillingErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Two copies of the library on one page (a bundle and an npm import) still recognise each other's errors. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

export function invalidParam(field: string, message: string): BillingError {
  return new BillingError('invalid-params', message, { field });
}
