import { describe, expect, it } from 'vitest';
import { CONTENT_SCHEMAS } from '../../../../../contracts/campaign-content/index.ts';
import { BUILDER_TYPES, freshId, moved, newQuestion, standingProblems, starterContent } from './content.ts';
import { previewOf } from './preview-campaign.ts';

describe('builder content helpers', () => {
  it('moves an entry up or down, clamped at the ends', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('new ids and questions do not collide, and a kind change keeps id and prompt', () => {
    expect(freshId('q', ['q-1', 'q-2'])).toBe('q-3');
    expect(freshId('item', ['item-2'])).toBe('item-3');
    const q = newQuestion('single', [], { id: 'role', prompt: 'Your role?' });
    expect(q).toMatchObject({ kind: 'single', id: 'role', prompt: 'Your role?' });
    expect('choices' in q && q.choices).toHaveLength(2);
  });

  it('a starter is one fill-in away from valid: the schema complains only about the empty texts', () => {
    for (const type of BUILDER_TYPES) {
      const parsed = CONTENT_SCHEMAS[type].safeParse(starterContent(type));
      const paths = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
      expect(paths.length, type).toBeGreaterThan(0);
      expect(paths.every((p) => /(^|\.)(body|title|completed_title|prompt|label|selector)$/.test(p)), `${type}: ${paths.join(', ')}`).toBe(true);
    }
  });

  it('an edited field loses its server message; the others keep theirs', () => {
    const before = { content: { en: { steps: [{ body: '' }, { body: '', page: 'x' }] } } };
    const after = { content: { en: { steps: [{ body: '' }, { body: 'Now', page: 'x' }] } } };
    const problems = { 'content.en.steps.1.body': 'too short', 'content.en.steps.1.page': 'starts with /' };
    expect(standingProblems(problems, before, after)).toEqual({ 'content.en.steps.1.page': 'starts with /' });
    expect(standingProblems(problems, before, before)).toBe(problems);
  });

  it('previews a locale without its own content in the default one, with placeholders for empty texts', () => {
    const draft = { type: 'tour' as const, name: 't', trigger: { type: 'manual' as const }, default_locale: 'en' as const, content: { en: { steps: [{ body: '' }, { body: 'Hi' }] } } };
    const p = previewOf(draft, 'kk', 'c1', { body: 'Your text', sender: 'Team' });
    expect(p.locale).toBe('en');
    expect(p.content.steps).toMatchObject([{ body: 'Your text' }, { body: 'Hi' }]);
    expect(previewOf({ ...draft, content: { ...draft.content, kk: { steps: [{ body: 'Сәлем' }] } } }, 'kk', 'c1', { body: '', sender: '' }).locale).toBe('kk');
  });
});
