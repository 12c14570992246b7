/**
 * Where a script-tag shell (dist/imp-billing.iife.js, dist/imp-billing.bundle.js) fetches a chunk, `file` being its
 * path under dist/ (`chunks/engine-HASH.js`). scripts/build.mjs makes the shells' chunk loaders call this with the
 * script's own URL and the package's name and version.
 *
 * As a rule a chunk sits beside the script. The exception is a script taken from an npm CDN by a URL that names no
 * exact version or no file: unpkg's `/<name>…` and jsDelivr's `/npm/<name>…`, such as `https://unpkg.com/imp-billing`
 * (the package's `unpkg` field) or `https://cdn.jsdelivr.net/npm/imp-billing@0.1/dist/imp-billing.iife.js`:
 * - without a file, the script's URL has no dist/ folder to be beside, and a classic script sees the URL it was given,
 *   not where the CDN redirected it;
 * - a range, or no version, is resolved again for every file, and after a release the chunk of the hash this shell
 *   carries no longer exists in the version it resolves to.
 * Those take the chunk from `…/<name>@<version>/dist/`, the version that built the shell. Anything else is a copy the
 * merchant serves himself (`/static/imp-billing/dist/…`, `/vendor/imp-billing@0.1/dist/…`) and keeps the rule; so does
 * unpkg's unversioned file URL (`https://unpkg.com/imp-billing/dist/…`), which cannot be told from a copy at the root
 * of a site, and whose chunk URL unpkg redirects to the latest release.
 */
export function chunkUrl(file: string, scriptUrl: string, name: string, version: string): string {
  const url = new URL(scriptUrl);
  // From the path's start: the bare package, `[/npm]/<name>@<any>/dist/`, or jsDelivr's `/npm/<name>/dist/`.
  const cdnPath = new RegExp(`${barePackage(name)}|^(?:/npm)?/${name}@[^/]*/dist/|^/npm/${name}/dist/`);
  url.pathname = url.pathname.replace(cdnPath, (path) => `${path.startsWith('/npm/') ? '/npm' : ''}/${name}@${version}/dist/`);
  return new URL(file, url).href;
}

/**
 * Whether a `<script>`'s `src` is the IIFE itself, which it looks for when loaded as a module script (no
 * `document.currentScript`): its file name (`…/imp-billing.iife.js`, or jsDelivr's `.min.js` of it), or the bare
 * package URL on an npm CDN, which serves the IIFE (`https://unpkg.com/imp-billing`). An inline script has no `src`.
 */
export function isIifeUrl(src: string, name: string): boolean {
  return !!src && new RegExp(`${barePackage(name)}|/${name}\\.iife[^/]*$`).test(new URL(src).pathname);
}

/** A path that is the package itself on an npm CDN, with no file: unpkg's `/<name>[@<any>]`, jsDelivr's `/npm/<name>[@<any>]`. */
function barePackage(name: string): string {
  return `^(?:/npm)?/${name}(?:@[^/]*)?$`;
}
