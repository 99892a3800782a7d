import { describe, expect, it } from 'vitest';
import { groupQuestions } from './questions.ts';
import { draftLocale, replyDraft, suggestTitle, type ThreadMessage } from './reply-draft.ts';
import { analyzeQuery } from './search/analyze.ts';

const m = (id: string, author_type: ThreadMessage['author_type'], body: string): ThreadMessage => ({ id, author_type, body });

describe('a reply as an article draft', () => {
  it('takes the customer messages right before the reply as the question, the reply as the body', () => {
    const thread = [m('1', 'contact', 'Old question?'), m('2', 'agent', 'Old answer'), m('3', 'contact', 'Hello!'), m('4', 'contact', 'How do I **export** my data?'), m('5', 'agent', 'Use *Settings → Export*.')];
    expect(replyDraft(thread, '5', 'en')).toEqual({ title: 'How do I export my data?', body: 'Use *Settings → Export*.', question: 'Hello!\nHow do I **export** my data?' });
  });

  it('titles a reply that opened the thread by its own first sentence, and refuses a customer message', () => {
    expect(replyDraft([m('1', 'agent', 'Welcome aboard. Here is how billing works.')], '1', 'en')!.title).toBe('Welcome aboard.');
    expect(replyDraft([m('1', 'contact', 'Hi')], '1', 'en')).toBeNull();
    expect(replyDraft([m('1', 'agent', 'Hi')], 'missing', 'en')).toBeNull();
  });

  it('splits sentences in every script and cuts long titles at a word', () => {
    expect(suggestTitle('您好。我无法登录，怎么办？谢谢', 'zh-Hans')).toBe('我无法登录，怎么办？');
    expect(suggestTitle('Здравствуйте. Как сбросить пароль? Спасибо', 'ru')).toBe('Как сбросить пароль?');
    const long = suggestTitle(`${'word '.repeat(40)}end`, 'en');
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long).toMatch(/Word( word)+…$/);
    expect(suggestTitle('See [the guide](https://x.test/g) ![img](/a.png)', 'en')).toBe('See the guide');
  });

  it('drafts in the contact’s locale when the question is in its script, else by the question’s script', () => {
    const offered = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'];
    expect(draftLocale(offered, 'en', 'ru-RU', 'Как выгрузить данные?')).toBe('ru');
    expect(draftLocale(offered, 'en', 'zh-TW', '怎麼辦')).toBe('zh-Hant');
    expect(draftLocale(offered, 'en', null, 'Құпия сөзді қалай өзгертемін?')).toBe('kk');
    expect(draftLocale(offered, 'en', 'en-US', 'Как выгрузить данные?')).toBe('ru');
    expect(draftLocale(offered, 'en', 'ru', 'How do I export?')).toBe('en');
    expect(draftLocale(['en', 'de'], 'en', 'de-AT', 'Wie exportiere ich?')).toBe('de');
    expect(draftLocale(['en'], 'en', 'fr', 'Comment exporter ?')).toBe('en');
  });
});

describe('grouping opening questions', () => {
  const terms = (text: string, locale: string) => analyzeQuery(text, locale).units.filter((u) => !u.stop).map((u) => u.term);
  const q = (text: string, minutes: number, locale = 'en') => ({ conversationId: `c${minutes}`, at: new Date(minutes * 60_000), text, locale });

  it('puts the same question in other words and forms together, largest group first', () => {
    const groups = groupQuestions(
      [q('how do i cancel my subscription?', 9), q('cancel subscription', 8), q('cancelling my subscriptions', 7), q('do you have a dark mode?', 6), q('как отменить подписку', 5, 'ru'), q('отмена подписки', 4, 'ru')],
      terms,
    );
    expect(groups.map((g) => [g.members.length, g.locale])).toEqual([
      [3, 'en'],
      [2, 'ru'],
      [1, 'en'],
    ]);
    expect(groups[0]!.members.map((x) => x.conversationId)).toEqual(['c9', 'c8', 'c7']);
  });

  it('names a group by its most frequent wording and skips questions without words', () => {
    const groups = groupQuestions([q('refund?', 3), q('refund', 2), q('refund', 1), q('???', 0)], terms);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.question).toBe('refund');
  });
});
