// The button in jsdom, the DOM of merchants' unit tests under Jest and Vitest: no layout, no IntersectionObserver, no
// requestAnimationFrame unless asked for, no structuredClone. The button is bundled from source with its chunks
// inlined, as a test runner's transform gives them (jsdom's scripts have no dynamic import of their own).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { JSDOM, VirtualConsole } from 'jsdom';

const bundle = build({
  entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
}).then((result) => result.outputFiles[0]!.text);

/** A jsdom page with the button's script run in it, and whatever jsdom reports as an error. */
async function page(options: { pretendToBeVisual: boolean; sandboxPreset?: object }) {
  const errors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error) => errors.push(String(error.stack ?? error.message)));
  const dom = new JSDOM('<!doctype html><html lang="en"><body></body></html>', {
    runScripts: 'dangerously',
    pretendToBeVisual: options.pretendToBeVisual,
    virtualConsole,
    url: 'https://shop.example/billing',
  });
  const { window } = dom;
  if (options.sandboxPreset) Object.assign(window, { __IMP_BILLING_SANDBOX__: options.sandboxPreset });
  const script = window.document.createElement('script');
  script.textContent = await bundle;
  window.document.head.append(script);
  const button = window.document.createElement('imp-billing-button');
  for (const [name, value] of Object.entries({ 'customer-uid': 'c_jsdom', 'merchant-code': 'imp00000000', pg: 'kcp_billing' })) {
    button.setAttribute(name, value);
  }
  window.document.body.append(button);
  return { window, button, errors };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<imp-billing-button> in jsdom (merchants\' unit tests)', () => {
  for (const pretendToBeVisual of [false, true]) {
    it(`renders, loads nothing before a click and reports no error (pretendToBeVisual: ${pretendToBeVisual})`, async () => {
      const { window, button, errors } = await page({ pretendToBeVisual });
      await settle(50);
      assert.equal(button.shadowRoot?.querySelector('slot')?.textContent, 'Register card');
      assert.deepEqual([...window.document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')), []);
      assert.deepEqual(errors, []);
      window.close();
    });
  }

  it('answers a click with imp-billing-success under the sandbox preset', async () => {
    const { window, button, errors } = await page({ pretendToBeVisual: false, sandboxPreset: { outcome: 'approve' } });
    const outcome = new Promise<{ type: string; detail: Record<string, unknown> }>((resolve) => {
      for (const type of ['imp-billing-success', 'imp-billing-failure']) {
        button.addEventListener(type, (event) => resolve({ type, detail: (event as CustomEvent).detail }));
      }
    });
    button.click();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<{ type: string; detail: Record<string, unknown> }>((resolve) => {
      timer = setTimeout(() => resolve({ type: 'no answer within 5 s', detail: {} }), 5000);
    });
    const { type, detail } = await Promise.race([outcome, timeout]);
    clearTimeout(timer);
    assert.equal(type, 'imp-billing-success', JSON.stringify(detail));
    assert.equal(detail['customer_uid'], 'c_jsdom');
    assert.deepEqual(errors, []);
    window.close();
  });
});
