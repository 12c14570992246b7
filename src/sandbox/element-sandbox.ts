/**
 * The `sandbox` attribute's half of the SDK controller, loaded with the sandbox itself (button/sandbox-chunk.ts) so that none
 * of it is on the first paint: installs the sandbox for an element, and remembers the one an element installed (never
 * one the merchant installed) so that real mode can remove it again.
 */
import type { Iamport } from '../core/types.js';
import { installImpSandbox, isImpSandbox } from './sandbox.js';

let installed: { imp: Iamport; uninstall(): void } | null = null;

/** `window.IMP` objects resolved in sandbox mode, so a click can tell synchronously that the sandbox is in place. */
const sandboxes = new WeakSet<Iamport>();

/** The sandbox as `window.IMP`: one already there (the merchant's own, or another element's) is used as it is. */
export function useSandbox(api?: string): Iamport {
  if (!isImpSandbox(window.IMP)) {
    const handle = installImpSandbox(window, api ? { api } : {});
    installed = { imp: window.IMP!, uninstall: () => handle.uninstall() };
  }
  sandboxes.add(window.IMP!);
  return window.IMP!;
}

/**
 * `imp` when a click may send through it in this mode: in sandbox mode only a sandbox resolved for an element, in real
 * mode anything but a sandbox an element installed (one the merchant installed himself is his choice).
 */
export function usableImp(imp: Iamport, sandboxMode: boolean): Iamport | null {
  return (sandboxMode ? sandboxes.has(imp) : installed?.imp !== imp) ? imp : null;
}

/** Restores the IMP an element's sandbox replaced, if that sandbox is still in place. */
export function removeElementSandbox(): void {
  if (installed && window.IMP === installed.imp) {
    installed.uninstall();
    installed = null;
  }
}
