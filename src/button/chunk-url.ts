/**
 * Where a script-tag shell (dist/imp-billing.iife.js, dist/imp-billing.bundle.js) fetches a chunk, `file` being its
 * path under dist/ (`chunks/engine-HASH.js`). scripts/build.mjs makes the shells' chunk loaders call this with the
 * script's own URL and the package's name and version.
 *
 * As a rule a chunk sits beside the script. The exception is a script taken from an npm CDN by a package URL that
 * names no exact version or no file, `https://unpkg.com/imp-billing` (the package's `unpkg` field) or
 * `https://cdn.jsdelivr.net/npm/imp-billing@0.1/dist/imp-billing.iife.js`:
 * - without a file, the script's URL has no dist/ folder to be beside, and a classic script sees the URL it was given,
 *   not where the CDN redirected it;
 * - a range is resolved again for every file, and after a release the chunk of the hash this shell carries no longer
 *   exists in the version it resolves to.
 * Those take the chunk from `…/<name>@<version>/dist/`, the version that built the shell. A folder merely named like
 * the package (`/static/imp-billing/dist/…`, `/assets/imp-billing@0.1.0/imp-billing.iife.js`) is a self-hosted copy
 * and keeps the rule.
 */
export function chunkUrl(file: string, scriptUrl: string, name: string, version: string): string {
  const url = new URL(scriptUrl);
  // `/<name>` or `/<name>@<any>` ending the path, or `/<name>@<any>/dist/` inside it.
  url.pathname = url.pathname.replace(new RegExp(`/${name}(@[^/]*)?$|/${name}@[^/]*/dist/`), `/${name}@${version}/dist/`);
  return new URL(file, url).href;
}
