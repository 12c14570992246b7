import { expect } from '@open-wc/testing';
import { BillingError } from '../core/index.js';

/** Runs `fn`, expects it to throw a BillingError, and returns that error for further checks. */
export function refusal(fn: () => unknown): BillingError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error('expected a BillingError, but nothing was thrown');
  expect(thrown, String(thrown)).to.be.instanceOf(BillingError);
  return thrown as BillingError;
}

/** Expects an `invalid-params` refusal naming `field`; returns the error. */
export function invalid(fn: () => unknown, field: string, message?: RegExp): BillingError {
  const error = refusal(fn);
  expect(error.code, error.message).to.equal('invalid-params');
  expect(error.field, error.message).to.equal(field);
  if (message) expect(error.message).to.match(message);
  return error;
}

/** Awaits a promise that must reject with a BillingError; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<BillingError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error(`expected a rejection, but it resolved with ${JSON.stringify(outcome)}`);
}

/** A fixed clock for card-expiry checks. */
export const at = (iso: string) => () => new Date(iso);

/** Collects warnings instead of printing them. */
export function warnings(): { warn: (message: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { warn: (message) => messages.push(message), messages };
}

/** An in-memory Storage, so tests do not depend on (or leak into) the page's sessionStorage. */
export class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.has(key) ? this.map.get(key)! : null;
  }
  key(index: number): string | null {
    return Array.from(this.map.keys())[index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
  [name: string]: unknown;
}
