/**
 * The button's SDK: its preload trigger (`visible`, `interaction`, `none`) and loading PortOne's SDK or the offline
 * sandbox for the element's mode. Functions the element calls from its own lifecycle rather than a controller object:
 * connecting a `visible` button costs a set entry, looked at in the next frame. Caches no load itself: the loader's
 * cache (one load per script URL) and the module system's (one sandbox chunk) are the only ones, so every button
 * shares one SDK download.
 */
import { BillingError } from '../core/errors.js';
import { loadImp } from '../core/loader.js';
import type { Iamport } from '../core/types.js';
import { sandboxChunk } from './sandbox-chunk.js';
import { readSandboxPreset } from '../core/sandbox-preset.js';

export type PreloadMode = 'visible' | 'interaction' | 'none';

/** What these functions read from the element. */
export interface SdkHost extends HTMLElement {
  sandbox: boolean;
  /** With `sandbox`: the mock API where the sandbox records what it issues. */
  sandboxApi?: string;
  sdkSrc?: string;
  sdkNonce?: string;
  sdkTimeout?: number;
  preload: PreloadMode;
  /** Called when the preload trigger fires: loads the SDK and whatever else the element needs at its click. */
  preloadSdk(): Promise<void>;
  /**
   * The mode the element last loaded its SDK for (set here): toggling `sandbox` afterwards loads the other mode at
   * once. Kept on the element, so it goes with it.
   */
  _sdkLoadedFor?: boolean;
}

/** The sandbox's half of the SDK loading, once a `sandbox` element has loaded it. */
let sandboxing: typeof import('../sandbox/element-sandbox.js') | null = null;

/** One observer for every button on the page, for the buttons out of view when they were first looked at. */
let observer: IntersectionObserver | null = null;

/** `preload="visible"` buttons connected since the last frame: looked at together, once the page is laid out. */
let connectedSinceFrame = new Set<SdkHost>();

function whenVisible(el: SdkHost): void {
  // A DOM without observers (jsdom in a merchant's unit tests) cannot tell what is in view: the click loads, as `none`.
  if (typeof IntersectionObserver !== 'function') return;
  if (!connectedSinceFrame.size) requestAnimationFrame(lookAtNewButtons);
  connectedSinceFrame.add(el);
}

/**
 * Once a frame, for the buttons connected since the last one: a button in view preloads now, one out of view is
 * observed until it enters it. A page of buttons in view pays a layout read each, not an `observe()` each; their
 * preloads share one load of the engine and of each SDK.
 */
function lookAtNewButtons(): void {
  // Taken first, so a button connected meanwhile, or a preload that throws, cannot hold up the next frame's batch.
  const batch = connectedSinceFrame;
  connectedSinceFrame = new Set();
  for (const el of batch) {
    // `preload` read again: a framework may set it in the task that inserted the button, after its connection.
    if (!el.isConnected || el.preload !== 'visible') continue;
    if (inView(el)) warm(el);
    else {
      observer ??= new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const el = entry.target as SdkHost;
          observer!.unobserve(el);
          if (el.preload === 'visible') warm(el);
        }
      });
      observer.observe(el);
    }
  }
}

/**
 * In the viewport with a box of its own (a hidden button has none). Geometry only: unlike an IntersectionObserver, it
 * counts a button clipped by a scrolled or collapsed ancestor as in view, whose preload then only starts earlier.
 */
function inView(el: Element): boolean {
  const box = el.getBoundingClientRect();
  return (box.width || box.height) > 0 && box.bottom >= 0 && box.right >= 0 && box.top <= innerHeight && box.left <= innerWidth;
}

function warm(el: SdkHost): void {
  el.preloadSdk().catch(() => {
    /* reported on click, where the next attempt retries */
  });
}

/** One function for every `interaction` element's pointerenter and focusin: no closure per element. */
function onInteraction(this: SdkHost): void {
  if (this.preload === 'interaction') warm(this);
}

/** At connection: the element's trigger, as its `preload` says then. */
export function startPreloadTrigger(host: SdkHost): void {
  if (host.preload === 'interaction') {
    host.addEventListener('pointerenter', onInteraction);
    host.addEventListener('focusin', onInteraction);
  } else if (host.preload === 'visible') whenVisible(host);
}

export function stopPreloadTrigger(host: SdkHost): void {
  connectedSinceFrame.delete(host);
  observer?.unobserve(host);
  host.removeEventListener('pointerenter', onInteraction);
  host.removeEventListener('focusin', onInteraction);
}

/** After each update: an element that had its SDK switches with `sandbox` at once, so the next click stays in its gesture. */
export function followSdkMode(host: SdkHost): void {
  const loaded = host._sdkLoadedFor;
  if (loaded !== undefined && loaded !== sandboxMode(host)) warm(host);
}

/** The SDK for the element's current mode, when it is on the page now: a click can then call it inside its own task. */
export function usableSdk(host: SdkHost): Iamport | null {
  const imp = window.IMP; // read at a click, always in a browser
  const sandbox = sandboxMode(host);
  // Before the sandbox chunk is here, no sandbox can be in use: only real mode has an SDK.
  return imp && sandboxing ? sandboxing.usableImp(imp, sandbox) : sandbox ? null : imp ?? null;
}

/** Resolves the SDK for the element's current mode; rejects with `sdk-load-failed`, and calling again retries. */
export function loadSdk(host: SdkHost): Promise<Iamport> {
  const sandbox = sandboxMode(host);
  host._sdkLoadedFor = sandbox;
  return sandbox ? loadSandbox(host.sandboxApi) : loadReal(host);
}

async function loadReal(host: SdkHost): Promise<Iamport> {
  // Real mode never sends through a sandbox an element installed: removing it restores the IMP it replaced. A
  // sandbox the merchant installed himself (installImpSandbox in his tests) is his choice, and loadImp keeps it.
  sandboxing?.removeElementSandbox();
  const { sdkSrc: src, sdkNonce: nonce, sdkTimeout: timeoutMs } = host;
  // loadImp resolves null only without a window (server rendering), where no trigger or click runs.
  return (await loadImp({ src, nonce, timeoutMs }))!;
}

/** `sandbox`, or a test put the whole page on the sandbox (core/sandbox-preset.ts). */
function sandboxMode(host: SdkHost): boolean {
  return host.sandbox || readSandboxPreset(window) !== null;
}

async function loadSandbox(api: string | undefined): Promise<Iamport> {
  // Loaded on demand so the sandbox stays off the default bundle's critical path.
  try {
    sandboxing = await sandboxChunk.load(); // may throw at once too: a chunk URL that cannot be formed
  } catch (cause) {
    throw new BillingError('sdk-load-failed', 'The sandbox did not load.', { cause });
  }
  return sandboxing.useSandbox(api);
}
