// Every PG entry cites where its facts come from: the comment line right above it in src/core/pg-rules.ts (comments,
// so the shipped bundle carries no citations). A PortOne site path, or an explicit "no … PortOne V1 page".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PG_RULES } from './pg-rules.js';

const text = readFileSync(new URL('./pg-rules.ts', import.meta.url), 'utf8').split('\n');
const SITE_PATH = /^ {2}\/\/ (opi\/ko\/integration\/pg\/v1\/[a-z0-9-]+(\/[a-z0-9-]+)?|sdk\/ko\/v1-sdk\/javascript-sdk\/payrq)$/;
const NO_PAGE = /^ {2}\/\/ no (current )?PortOne V1 page: /;

test('every PG_RULES entry has its source on the line above it', () => {
  for (const code of Object.keys(PG_RULES)) {
    const at = text.findIndex((line) => line.startsWith(`  ${code}: `));
    assert.ok(at > 0, `${code}: entry not found`);
    const above = text[at - 1]!;
    assert.ok(SITE_PATH.test(above) || NO_PAGE.test(above), `${code}: the line above is not a source: ${above}`);
  }
});

test('sources are site paths, never file paths (.mdx, ../, shared/)', () => {
  for (const line of text) {
    if (!/^ {2}\/\/ (opi|sdk)\//.test(line)) continue;
    assert.doesNotMatch(line, /\.mdx|\.\.\/|shared\//, line);
  }
});
