// A module of its own: the button's shell reads customer-uid through it for the one failure it reports by itself,
// without loading the params builder.

/**
 * How a free-text field (customer_uid, merchant_uid, names) is sent: surrounding spaces dropped, blank meaning absent.
 * The button's redirect return and its failure events read `customer-uid` through this too, so they name the same
 * customer the request was recorded for.
 */
export function normalizeText(value: unknown): string | undefined {
  // Not a string (a property set from script): no usable id; the request itself refuses it with a typed error.
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}
