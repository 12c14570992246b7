// Where the script-tag shells look for their chunks, for each way a page can name the script.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkUrl, isIifeUrl } from './chunk-url.js';

const ENGINE = 'chunks/engine-AB12.js';
const at = (scriptUrl: string) => chunkUrl(ENGINE, scriptUrl, 'imp-billing', '1.2.3');

describe('chunkUrl', () => {
  it('takes a chunk from beside a self-hosted script', () => {
    assert.equal(at('https://shop.example/js/imp-billing.iife.js'), 'https://shop.example/js/chunks/engine-AB12.js');
    assert.equal(at('https://shop.example/js/imp-billing.iife.js?v=7#x'), 'https://shop.example/js/chunks/engine-AB12.js');
  });

  it('keeps a folder named like the package as a self-hosted copy', () => {
    const beside = (url: string) => assert.equal(at(url), new URL(ENGINE, url).href, url);
    beside('https://shop.example/static/imp-billing/dist/imp-billing.iife.js');
    beside('https://shop.example/assets/imp-billing@1.2.3/imp-billing.iife.js');
    beside('https://shop.example/vendor/imp-billing@1.2/dist/imp-billing.iife.js');
    beside('https://shop.example/imp-billing-v2/dist/imp-billing.iife.js');
    beside('https://shop.example/js/imp-billing');
    // At a site's root it cannot be told from unpkg's unversioned file URL, whose chunk URL unpkg redirects itself.
    beside('https://shop.example/imp-billing/dist/imp-billing.iife.js');
    beside('https://unpkg.com/imp-billing/dist/imp-billing.iife.js');
    // jsDelivr's GitHub files are not the npm package.
    beside('https://cdn.jsdelivr.net/gh/someone/imp-billing@main/dist/imp-billing.iife.js');
  });

  it("takes a bare package URL's chunk from the exact version that built the shell", () => {
    assert.equal(at('https://unpkg.com/imp-billing'), 'https://unpkg.com/imp-billing@1.2.3/dist/chunks/engine-AB12.js');
    assert.equal(at('https://unpkg.com/imp-billing@1'), 'https://unpkg.com/imp-billing@1.2.3/dist/chunks/engine-AB12.js');
    assert.equal(at('https://cdn.jsdelivr.net/npm/imp-billing'), 'https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/chunks/engine-AB12.js');
    assert.equal(at('https://cdn.jsdelivr.net/npm/imp-billing@latest'), 'https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/chunks/engine-AB12.js');
  });

  it('pins a version range or tag in a file URL to the exact version', () => {
    assert.equal(
      at('https://cdn.jsdelivr.net/npm/imp-billing@1.2/dist/imp-billing.iife.js'),
      'https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/chunks/engine-AB12.js',
    );
    assert.equal(at('https://unpkg.com/imp-billing@next/dist/imp-billing.bundle.js'), 'https://unpkg.com/imp-billing@1.2.3/dist/chunks/engine-AB12.js');
    // jsDelivr serves an unversioned file URL from the latest release, in place.
    assert.equal(
      at('https://cdn.jsdelivr.net/npm/imp-billing/dist/imp-billing.iife.js'),
      'https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/chunks/engine-AB12.js',
    );
    // jsDelivr's minified alias of a file, in an exact version: the same folder either way.
    assert.equal(
      at('https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/imp-billing.iife.min.js'),
      'https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/chunks/engine-AB12.js',
    );
  });

  it('keeps the origin, and drops a query and fragment from a pinned URL', () => {
    assert.equal(at('http://127.0.0.1:8080/npm/imp-billing@1?x=1#y'), 'http://127.0.0.1:8080/npm/imp-billing@1.2.3/dist/chunks/engine-AB12.js');
  });
});

describe('isIifeUrl', () => {
  const own = (src: string) => isIifeUrl(src, 'imp-billing');

  it('knows the IIFE by its file name, and by the package URL a CDN serves it at', () => {
    for (const src of [
      'https://shop.example/js/imp-billing.iife.js',
      'https://cdn.jsdelivr.net/npm/imp-billing@1.2.3/dist/imp-billing.iife.min.js?v=2',
      'https://unpkg.com/imp-billing',
      'https://unpkg.com/imp-billing@1.2?x=1',
      'https://cdn.jsdelivr.net/npm/imp-billing@latest',
    ]) assert.equal(own(src), true, src);
  });

  it('passes over the sandbox add-on, the module bundle, other paths and inline scripts', () => {
    for (const src of [
      'https://shop.example/js/imp-billing.sandbox.iife.js',
      'https://shop.example/imp-billing/dist/imp-billing.bundle.js',
      'https://shop.example/api/imp-billing',
      '',
    ]) assert.equal(own(src), false, src);
  });
});
