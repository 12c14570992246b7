/**
 * Sandbox or real SDK, and the sandbox's scripted answer. Both live in the page's query (`?sdk=portone&merchant-code=…`,
 * `?outcome=decline`) and switching reopens the page: once an element has an `IMP` (sandbox or real) it keeps it,
 * and the loader reuses whatever `window.IMP` is there, so a live swap could leave the old one answering. The query
 * also survives the mobile round trip, because the element's default `m_redirect_url` is this page's own address.
 */
import { REDIRECT_KEYS } from '../src/core/index.js';
import { installImpSandbox, type ImpSandboxHandle, type SandboxChoice } from '../src/sandbox/index.js';

export interface DemoSettings {
  real: boolean;
  merchantCode: string;
  outcome: SandboxChoice | undefined;
}

const OUTCOMES: readonly string[] = ['approve', 'decline', 'cancel'] satisfies SandboxChoice[];
const MERCHANT_CODE = /^[A-Za-z0-9_-]{3,40}$/;

export function readSettings(search = location.search): DemoSettings {
  const query = new URLSearchParams(search);
  const code = query.get('merchant-code')?.trim() ?? '';
  const outcome = query.get('outcome') ?? '';
  return {
    real: query.get('sdk') === 'portone' && MERCHANT_CODE.test(code),
    merchantCode: code,
    outcome: OUTCOMES.includes(outcome) ? (outcome as SandboxChoice) : undefined,
  };
}

/** This page's address with `changes` applied (null removes a key), minus any payment-return query. */
function pageUrlWith(changes: Record<string, string | null>): string {
  const url = new URL(location.href);
  for (const key of REDIRECT_KEYS) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return url.href;
}

/**
 * Points every button at the chosen SDK. In sandbox mode the demo installs the sandbox itself, before any element
 * loads it (elements reuse an installed sandbox), so the scripted outcome applies and the handle's `calls` can be shown.
 */
export function applyMode(settings: DemoSettings): ImpSandboxHandle | null {
  const buttons = document.querySelectorAll('imp-billing-button');
  if (settings.real) {
    for (const el of buttons) {
      el.removeAttribute('sandbox');
      el.setAttribute('merchant-code', settings.merchantCode);
    }
    return null;
  }
  return installImpSandbox(window, settings.outcome ? { outcome: settings.outcome } : {});
}

export function setupSettingsPanel(settings: DemoSettings): void {
  const sandboxBlock = document.getElementById('mode-sandbox');
  const realBlock = document.getElementById('mode-real');
  const outcome = document.getElementById('sandbox-outcome') as HTMLSelectElement;
  const code = document.getElementById('merchant-code') as HTMLInputElement;
  const toggle = document.getElementById('real-sdk') as HTMLInputElement;

  if (sandboxBlock) sandboxBlock.hidden = settings.real;
  if (realBlock) realBlock.hidden = !settings.real;
  outcome.value = settings.outcome ?? '';
  outcome.addEventListener('change', () => location.assign(pageUrlWith({ outcome: outcome.value || null })));

  code.value = settings.merchantCode;
  toggle.checked = settings.real;
  const sync = () => {
    toggle.disabled = !settings.real && !MERCHANT_CODE.test(code.value.trim());
  };
  sync();
  code.addEventListener('input', sync);
  code.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !toggle.disabled && !settings.real) toggle.click();
  });
  toggle.addEventListener('change', () => {
    const changes: Record<string, string | null> = toggle.checked
      ? { sdk: 'portone', 'merchant-code': code.value.trim(), outcome: null }
      : { sdk: null, 'merchant-code': null };
    location.assign(pageUrlWith(changes));
  });

  const mobile = /Mobi|Android|iPhone|iPad/.test(navigator.userAgent);
  const detected = document.getElementById('mobile-detected');
  if (detected) detected.hidden = !mobile;
  document.getElementById('mobile-hint')?.classList.toggle('active', mobile);
}
