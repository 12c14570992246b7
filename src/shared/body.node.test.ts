import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BodyError, readText } from './body.js';

async function* chunks(...parts: (Uint8Array | string)[]): AsyncGenerator<Uint8Array | string> {
  yield* parts;
}

describe('readText (runtime-neutral body reading)', () => {
  it('joins chunks before decoding, so a character split across two chunks survives', async () => {
    const bytes = new TextEncoder().encode('{"name":"홍길동"}');
    const cut = bytes.indexOf(0xed) + 1; // inside the three bytes of 홍
    assert.equal(await readText(chunks(bytes.slice(0, cut), bytes.slice(cut))), '{"name":"홍길동"}');
  });

  it('reads a web ReadableStream and string chunks alike, and replaces bad UTF-8 with U+FFFD', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x61, 0xff, 0x62]));
        c.close();
      },
    });
    assert.equal(await readText(stream as unknown as AsyncIterable<Uint8Array>), 'a\ufffdb');
    assert.equal(await readText(chunks('a=', '1')), 'a=1');
  });

  it('refuses a body over the limit with a 413', async () => {
    await assert.rejects(readText(chunks('x'.repeat(11)), 10), (e: unknown) => e instanceof BodyError && e.status === 413);
    assert.equal(await readText(chunks('x'.repeat(10)), 10), 'x'.repeat(10));
  });
});
