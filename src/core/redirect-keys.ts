/**
 * The query keys PortOne adds to `m_redirect_url`; removed from the address bar once read. A module of its own so the
 * button's shell can tell a redirect return on arrival without loading the reader (redirect.ts).
 */
export const REDIRECT_KEYS = ['imp_uid', 'merchant_uid', 'imp_success', 'success', 'error_code', 'error_msg'] as const;

/** Whether this query carries any of PortOne's return keys (the element then loads its engine at once). */
export function hasRedirectKeys(search: string): boolean {
  const query = new URLSearchParams(search);
  return REDIRECT_KEYS.some((key) => query.has(key));
}
