/**
 * A small, card-free note of each request that may come back by redirect, kept in sessionStorage so the return
 * page can tell whose result it is (PortOne's redirect query has no customer_uid).
 */
export interface PendingRequest {
  merchant_uid: string;
  customer_uid: string;
  pg: string | null;
  awaitingWebhook: boolean;
  at: number;
}

const PREFIX = 'imp-billing:pending:';
/** Notes older than this are dropped; a redirect return comes back within minutes. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // Blocked storage (privacy modes, sandboxed iframes) must not break payment.
  }
}

export function recordPending(note: PendingRequest, storage: Storage | null = sessionStore()): void {
  if (!storage) return;
  try {
    for (let i = storage.length - 1; i >= 0; i--) {
      const key = storage.key(i);
      if (key?.startsWith(PREFIX) && readNote(storage, key.slice(PREFIX.length), note.at) === null) storage.removeItem(key);
    }
    storage.setItem(PREFIX + note.merchant_uid, JSON.stringify(note));
  } catch {
    // Quota or privacy errors: the return will still be reported, only without customer_uid.
  }
}

function readNote(storage: Storage, merchantUid: string, now: number): PendingRequest | null {
  try {
    const raw = storage.getItem(PREFIX + merchantUid);
    if (!raw) return null;
    const note = JSON.parse(raw) as PendingRequest;
    if (typeof note?.customer_uid !== 'string' || typeof note.at !== 'number' || now - note.at > MAX_AGE_MS) return null;
    return note;
  } catch {
    return null;
  }
}

export function findPending(merchantUid: string, storage: Storage | null = sessionStore(), now = Date.now()): PendingRequest | null {
  return storage ? readNote(storage, merchantUid, now) : null;
}

export function forgetPending(merchantUid: string, storage: Storage | null = sessionStore()): void {
  try {
    storage?.removeItem(PREFIX + merchantUid);
  } catch {
    /* storage unavailable: nothing to forget */
  }
}
