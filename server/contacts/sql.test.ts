import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldUnstorable, unstorableText } from './sql.ts';

/** JSON text for `s` in which the characters chosen by `escape` are written as \uXXXX (either case), as any client may. */
function quote(s: string, escape: (i: number) => boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    const hex = code.toString(16).padStart(4, '0');
    if (escape(i) || code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) out += `\\u${escape(-1 - i) ? hex.toUpperCase() : hex}`;
    else out += c === '"' || c === '\\' ? `\\${c}` : c;
  }
  return `${out}"`;
}

const unit = fc.constantFrom('a', 'u', '0', 'd', '8', '\\', '"', '\u0000', '\u0001', '\ud800', '\udfff', '\ud83d\ude00', 'é', '\n');
const text = fc.string({ unit, maxLength: 12 });

describe('mayHoldUnstorable', () => {
  it('never passes JSON text that decodes to U+0000 or a lone surrogate, however the client escaped it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text)), fc.func(fc.boolean()), (pairs, escape) => {
        const json = `{${pairs.map(([k, v], n) => `${quote(k, (i) => escape(n, i))}:${quote(v, (i) => escape(i, n))}`).join(',')}}`;
        const value: unknown = JSON.parse(json);
        if (!mayHoldUnstorable(json)) expect(unstorableText(value)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the escape after an escaped backslash, and not a literal backslash-u', () => {
    expect(mayHoldUnstorable(String.raw`{"a":"\\\u0000"}`)).toBe(true);
    expect(mayHoldUnstorable(String.raw`{"a":"\\u0000"}`)).toBe(false);
    expect(mayHoldUnstorable(String.raw`{"a":"\uD83D\uDE00"}`)).toBe(true);
    expect(mayHoldUnstorable('{"a":"😀"}')).toBe(false);
  });
});
