// @custom-elements-manifest/analyzer config: `npm run build` writes custom-elements.json from the public elements'
// JSDoc (@summary, @fires, @csspart, @cssprop, @slot, @attr on declared fields) and their Lit `static properties`.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

export default {
  globs: ['src/button/*.ts', 'src/card-form/**/*.ts'],
  // Tests and internals (the sandbox's payment window, the chunk-loading test seams and the script-tag builds' chunk
  // URLs, the button's engine and SDK controller) are not public API.
  exclude: [
    'src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/messages.ts', 'src/**/failure-copy.ts', 'src/**/*-chunk.ts', 'src/button/chunk-url.ts',
    'src/button/engine.ts', 'src/button/sdk-controller.ts',
  ],
  litelement: true,
  // The build owns package.json's customElements field; the analyzer must not rewrite package.json.
  packagejson: false,
  quiet: true,
  plugins: [publishedShape()],
};

/**
 * Makes the manifest describe what is published rather than the source tree:
 * - module paths point at dist/*.js (src/ is not in the package);
 * - `defineElement(BUTTON_TAG, ImpBillingButton)` (src/ui/define-element.ts) is a definition, as
 *   `customElements.define` would be, and the tag's value names it, not the constant's name;
 * - Lit `state: true` fields and private/underscore members are internal, not attributes or API;
 * - each event gets its type from the `GlobalEventHandlersEventMap` declarations in src/ui/events.ts.
 */
function publishedShape() {
  const constants = new Map();
  const eventTypes = readEventTypes();
  const toDist = (path) => path.replace(/^\/?(\.\/)?src\//, 'dist/').replace(/\.ts$/, '.js');
  return {
    name: 'imp-billing-published-shape',
    collectPhase({ ts, node }) {
      if (ts.isVariableStatement(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        for (const d of node.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.initializer && ts.isStringLiteral(d.initializer)) constants.set(d.name.text, d.initializer.text);
        }
      }
    },
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!tag || !element || !ts.isIdentifier(tag) || !ts.isIdentifier(element)) return;
      const from = node.getSourceFile().statements.find(
        (s) => ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings) &&
          s.importClause.namedBindings.elements.some((e) => e.name.text === element.text),
      );
      const module = from ? posix.join(posix.dirname(moduleDoc.path), from.moduleSpecifier.text).replace(/\.js$/, '.ts') : moduleDoc.path;
      (moduleDoc.exports ??= []).push({ kind: 'custom-element-definition', name: tag.text, declaration: { name: element.text, module } });
    },
    packageLinkPhase({ customElementsManifest }) {
      const m = customElementsManifest;
      for (const mod of m.modules) {
        for (const ex of mod.exports ?? []) {
          if (ex.kind !== 'custom-element-definition') continue;
          const target = m.modules.find((t) => t.path === ex.declaration.module)?.declarations?.find((d) => d.name === ex.declaration.name);
          if (target && !target.tagName) target.tagName = ex.name;
        }
      }
      for (const mod of m.modules) {
        // A module's unexported variables are its internals.
        const exported = new Set((mod.exports ?? []).map((ex) => ex.declaration?.name));
        mod.declarations = (mod.declarations ?? []).filter((d) => d.kind !== 'variable' || exported.has(d.name));
      }
      m.modules = m.modules.filter((mod) => mod.declarations.length || mod.exports?.length);
      for (const mod of m.modules) {
        // The analyzer writes a re-export's module relative to the re-exporting file; the schema wants it from the
        // package root, as every other reference here.
        const fromRoot = (module) => (module.startsWith('.') ? posix.join(posix.dirname(mod.path), module) : module);
        for (const ex of mod.exports ?? []) if (ex.declaration?.module) ex.declaration.module = fromRoot(ex.declaration.module);
        mod.path = toDist(mod.path);
        for (const decl of mod.declarations) {
          if (decl.tagName && constants.has(decl.tagName)) decl.tagName = constants.get(decl.tagName);
          if (decl.superclass?.module) decl.superclass.module = toDist(decl.superclass.module);
          const internal = (x) => x.privacy === 'private' || x.privacy === 'protected' || x.name.startsWith('_');
          if (decl.members) decl.members = decl.members.filter((x) => !internal(x) && !(x.static && ['styles', 'properties', 'shadowRootOptions'].includes(x.name)));
          // A `declare`d field (the button's attributes read on use, its object properties) is public, as the Lit
          // properties it replaced were; the analyzer gives it no privacy.
          for (const x of decl.members ?? []) if (x.kind === 'field' && !x.static && !x.privacy) x.privacy = 'public';
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !a.fieldName?.startsWith('_') && !a.name.startsWith('_'));
          for (const ev of decl.events ?? []) if (!ev.type && eventTypes.has(ev.name)) ev.type = { text: eventTypes.get(ev.name) };
        }
        for (const ex of mod.exports ?? []) {
          if (ex.declaration?.module) ex.declaration.module = toDist(ex.declaration.module);
          if (ex.kind === 'custom-element-definition' && constants.has(ex.name)) ex.name = constants.get(ex.name);
        }
      }
    },
  };
}

/** `'imp-billing-success': ImpBillingSuccessEvent;` lines of the global event map, so manifest events carry types. */
function readEventTypes() {
  const source = readFileSync(new URL('./src/ui/events.ts', import.meta.url), 'utf8');
  const block = source.match(/interface GlobalEventHandlersEventMap\s*{([^}]*)}/)?.[1] ?? '';
  return new Map([...block.matchAll(/'([\w-]+)'\s*:\s*([\w<>]+)\s*;/g)].map((x) => [x[1], x[2]]));
}
