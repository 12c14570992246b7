/**
 * How `<imp-billing-button sandbox>` loads the sandbox chunk: nothing under sandbox/ is imported statically, so the
 * sandbox stays behind this `import()`. A seam for tests (a chunk that fails to load), not part of the package's exports.
 */
export const sandboxChunk = { load: () => import('../sandbox/index.js') };
