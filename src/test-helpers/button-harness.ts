/** Small shared tools for the reliability suites that drive `<imp-billing-button>`. */
import type { ImpBillingButton } from '../button/button.js';
import type {
  ImpBillingFailureDetail,
  ImpBillingRequestDetail,
  ImpBillingSuccessDetail,
} from '../ui/events.js';

export function inner(el: ImpBillingButton): HTMLButtonElement {
  return el.shadowRoot!.querySelector('button')!;
}

export function messageText(el: ImpBillingButton): string {
  return el.shadowRoot!.querySelector('[part=message]')?.textContent?.trim() ?? '';
}

export interface EventLog {
  requests: ImpBillingRequestDetail[];
  successes: ImpBillingSuccessDetail[];
  failures: ImpBillingFailureDetail[];
  /** Every imp-billing-* event in order, with its type. */
  all: { type: string; detail: unknown }[];
  clear(): void;
  stop(): void;
}

/** Records every imp-billing-* event reaching `target` (they bubble and are composed). */
export function recordEvents(target: EventTarget): EventLog {
  const log: EventLog = {
    requests: [],
    successes: [],
    failures: [],
    all: [],
    clear() {
      log.requests.length = 0;
      log.successes.length = 0;
      log.failures.length = 0;
      log.all.length = 0;
    },
    stop() {
      for (const [type, fn] of listeners) target.removeEventListener(type, fn);
    },
  };
  const lists: Record<string, unknown[]> = {
    'imp-billing-request': log.requests,
    'imp-billing-success': log.successes,
    'imp-billing-failure': log.failures,
  };
  const listeners = Object.entries(lists).map(([type, list]) => {
    const fn = (e: Event) => {
      const { detail } = e as CustomEvent;
      list.push(detail);
      log.all.push({ type, detail });
    };
    target.addEventListener(type, fn);
    return [type, fn] as const;
  });
  return log;
}

/** Lets promise callbacks run (the element reports a callback's answer a few microtasks later) without a timer. */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Resolves when `check()` holds, polling every `stepMs`; rejects after `timeoutMs` with `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 3000, stepMs = 5): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** Uncaught errors and unhandled rejections on the page, so a suite can assert there were none. */
export function trackPageErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

/** Replaces the console's methods with recorders (nothing is printed); `restore()` puts them back. */
export function captureConsole(): { messages: string[]; restore(): void } {
  const messages: string[] = [];
  const originals = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
  for (const name of CONSOLE_METHODS) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[name] = (...args: unknown[]) => {
      messages.push(`${name}: ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`);
    };
  }
  return {
    messages,
    restore() {
      for (const [name, fn] of originals) (console as unknown as Record<string, unknown>)[name] = fn;
    },
  };
}

/** JSON for logs and scans: never throws (cycles, bigint, DOM nodes), keeps every string it can reach. */
export function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'function' || typeof v === 'symbol') return String(v);
        if (typeof Node !== 'undefined' && v instanceof Node) return `[${v.nodeName}]`;
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[cycle]';
          seen.add(v);
          if (v instanceof Error) return { ...v, name: v.name, message: v.message };
        }
        return v;
      }) ?? String(value)
    );
  } catch {
    return String(value);
  }
}
