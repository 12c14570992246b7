/**
 * How `<imp-billing-button sandbox>` loads the sandbox chunk: nothing under sandbox/ (nor element-sandbox.ts) is
 * imported statically, so the sandbox stays behind this `import()`. A seam for tests (a chunk that fails to load), not
 * part of the package's exports. The script-tag builds replace it (scripts/build.mjs).
 */
export const sandboxChunk = { load: () => import('../sandbox/element-sandbox.js') };
