/**
 * How `<imp-billing-button>` loads its engine: nothing in engine.ts is imported statically, so the element paints
 * without it. The script-tag builds replace this module (scripts/build.mjs) with one that imports the self-contained
 * engine chunk by URL. A seam for tests (a chunk that fails to load), not part of the package's exports.
 */
export const engineChunk = { load: () => import('./engine.js') };
