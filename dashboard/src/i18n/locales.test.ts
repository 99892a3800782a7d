import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const localesDir = path.join(here, 'locales');
const srcDir = path.resolve(here, '..');

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const load = (file: string) => flatten(JSON.parse(fs.readFileSync(path.join(localesDir, file), 'utf8')) as Tree);
const en = load('en.json');
const others = ['zh-Hans', 'zh-Hant', 'ru', 'kk'];
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) files.push(p);
    }
  };
  walk(srcDir);
  return files;
}
const files = sourceFiles();

describe('dashboard translations', () => {
  it('ships exactly the five dashboard languages', () => {
    const files = fs.readdirSync(localesDir).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['en.json', ...others.map((l) => `${l}.json`)].sort());
  });

  for (const locale of others) {
    it(`${locale} has exactly the keys of English, each with the same placeholders`, () => {
      const messages = load(`${locale}.json`);
      expect([...messages.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, text] of en) {
        expect(text.length, key).toBeGreaterThan(0);
        expect(placeholders(messages.get(key)!), `${locale}:${key}`).toEqual(placeholders(text));
      }
    });

    it(`${locale} is translated, not a copy of English`, () => {
      const messages = load(`${locale}.json`);
      const same = [...en].filter(([key, text]) => messages.get(key) === text && /[a-z]{4,}/i.test(text));
      // A few words are the same in every language (brand names, "HTML", "MRR"); whole sentences are not.
      expect(same.filter(([, text]) => text.includes(' ')).map(([k]) => k)).toEqual([]);
    });
  }

  it('every key the source code uses exists in English', () => {
    const missing: string[] = [];
    for (const file of files) {
      const code = fs.readFileSync(file, 'utf8');
      // t('a.b') calls and `label: 'a.b'` entries of the command and field registries.
      for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'|label: '([a-z][\w]*\.[\w.]+)'/g)) {
        const key = m[1] ?? m[2]!;
        if (!en.has(key)) missing.push(`${path.relative(srcDir, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no UI text written into the components instead of the locale files', () => {
    // Words that are the same in every language.
    const universal = new Set(['Baton', 'HTML']);
    const found: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.tsx'))) {
      const code = fs.readFileSync(file, 'utf8');
      const texts = [
        // JSX text between tags, on one line or on a line of its own.
        ...[...code.matchAll(/(?<![=-])>[ \t]*([A-Za-z][^<>{}\n]*?)[ \t]*</g)].map((m) => m[1]!),
        // (a line ending in a comma is a list of names, not text)
        ...[...code.matchAll(/^\s+([A-Z][A-Za-z ,.!?']*[A-Za-z.!?'])$/gm)].map((m) => m[1]!),
        // Text props people read.
        ...[...code.matchAll(/\b(?:label|title|description|aria-label)="([^"]+)"/g)].map((m) => m[1]!),
      ];
      for (const text of texts) if (!universal.has(text.trim())) found.push(`${path.relative(srcDir, file)}: ${text}`);
    }
    expect(found).toEqual([]);
  });
});
