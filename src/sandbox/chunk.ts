/**
 * How `<imp-billing-button sandbox>` loads the sandbox chunk. The only module of this folder the element imports
 * statically, so the sandbox itself stays behind the `import()`; a seam for tests (a chunk that fails to load), not
 * part of the package's exports.
 */
export const sandboxChunk = { load: () => import('./index.js') };
