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
  // From the path's start: `[/npm]/<name>` or `[/npm]/<name>@<any>` alone, `[/npm]/<name>@<any>/dist/`, `/npm/<name>/dist/`.
  const cdnPath = new RegExp(`^(?:/npm)?/${name}(?:@[^/]*)?$|^(?:/npm)?/${name}@[^/]*/dist/|^/npm/${name}/dist/`);
  url.pathname = url.pathname.replace(cdnPath, (path) => `${path.startsWith('/npm/') ? '/npm' : ''}/${name}@${version}/dist/`);
  return new URL(file, url).href;
}
