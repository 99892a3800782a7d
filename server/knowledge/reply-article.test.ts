import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, KnowledgeAnalytics } from '../../contracts/knowledge.ts';
import type { Viewer } from '../inbox/service.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';

/**
 * "Turn this reply into an article" from the Inbox, and the content analytics that need
 * conversations: conversations started after reading, searches answered only in another
 * language, and opening questions no article answers. PGlite, and PostgreSQL with DATABASE_URL.
 */

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
let ip = 0;

async function visitor(w: TestWorkspace, settings: Record<string, unknown> = {}): Promise<{ viewer: Viewer; headers: Record<string, string> }> {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, ...settings }, remoteAddress: `10.8.0.${++ip}` });
  expect(res.statusCode, res.body).toBe(200);
  const token = res.json<{ visitor_token: string }>().visitor_token;
  return { viewer: await baton.services.inbox.viewer(w.writeKey, token), headers: { 'x-baton-app': w.writeKey, 'x-baton-visitor': token } };
}

/** A conversation the visitor opens with `question`, answered by the workspace's owner with `answer`. */
async function askAndAnswer(w: TestWorkspace, viewer: Viewer, question: string, answer?: string) {
  const inbox = baton.services.inbox;
  const opened = await inbox.start(w.workspaceId, { kind: 'visitor', viewer }, { contactId: viewer.contactId, body: question });
  const reply = answer ? await inbox.send(w.workspaceId, { kind: 'agent', agentId: w.owner.agentId }, opened.conversation.id, { body: answer }) : undefined;
  return { conversationId: opened.conversation.id, questionId: opened.message.id, replyId: reply?.message.id };
}

const fromReply = (w: TestWorkspace, payload: object) =>
  baton.app.inject({ method: 'POST', url: '/api/app/knowledge/articles/from-reply', headers: w.agentHeaders, payload });

beforeAll(async () => {
  baton = await startBaton();
  a = await createWorkspace(baton, 'Replies A');
  b = await createWorkspace(baton, 'Replies B');
  await baton.services.knowledge.seedDemo(a.workspaceId);
});
afterAll(() => baton?.stop());

describe('turn this reply into an article', () => {
  it('drafts an article from the reply in the conversation’s language, titled by the question, linked back', async () => {
    const { viewer } = await visitor(a);
    const answer = 'Откройте **Настройки → Экспорт** и нажмите «Скачать».\n\n- CSV для таблиц\n- JSON для всего';
    const c = await askAndAnswer(a, viewer, 'Здравствуйте! Как выгрузить все мои данные? Нужно для отчёта.', answer);
    const res = await fromReply(a, { conversation_id: c.conversationId, message_id: c.replyId });
    expect(res.statusCode, res.body).toBe(201);
    const article = res.json<Article>();
    expect(article.source_conversation_id).toBe(c.conversationId);
    expect(article.author_id).toBe(a.owner.agentId);
    expect(article.translations).toHaveLength(1);
    expect(article.translations[0]).toMatchObject({ locale: 'ru', title: 'Как выгрузить все мои данные?', body: answer, state: 'draft', url: null });
    expect(article.translations[0]!.html).toContain('<strong>Настройки → Экспорт</strong>');
    // A draft: readers do not find it.
    expect(await baton.services.knowledge.search.search(a.workspaceId, 'выгрузить данные отчёт', { locale: 'ru' })).not.toContainEqual(expect.objectContaining({ article_id: article.id }));

    const again = await fromReply(a, { conversation_id: c.conversationId, message_id: c.replyId });
    expect(again.statusCode).toBe(200);
    expect(again.json<Article>().id).toBe(article.id);
  });

  it('takes the contact’s locale when the Help Center offers it, and the question’s first sentence that asks', async () => {
    const { viewer } = await visitor(a, { user_id: 'kk-user', locale: 'kk' });
    await baton.services.contacts.updateContact(a.workspaceId, viewer.contactId, { locale: 'zh-TW' });
    const c = await askAndAnswer(a, viewer, '您好。我無法登入我的帳戶，怎麼辦？', '請使用「忘記密碼」連結重設密碼。');
    const article = (await fromReply(a, { conversation_id: c.conversationId, message_id: c.replyId })).json<Article>();
    expect(article.translations[0]).toMatchObject({ locale: 'zh-Hant', title: '我無法登入我的帳戶，怎麼辦？' });
  });

  it('refuses the customer’s own message, a message of another conversation and another workspace’s conversation, creating nothing', async () => {
    const { viewer } = await visitor(a);
    const c = await askAndAnswer(a, viewer, 'How do I rename a project?', 'Open the project, then Settings → Name.');
    const other = await askAndAnswer(a, viewer, 'Another question', 'Another answer');
    const before = (await baton.services.knowledge.articles.list(a.workspaceId, { limit: 100 })).data.length;

    const own = await fromReply(a, { conversation_id: c.conversationId, message_id: c.questionId });
    expect(own.statusCode).toBe(400);
    expect(own.json().errors[0].field).toBe('body.message_id');
    const elsewhere = await fromReply(a, { conversation_id: c.conversationId, message_id: other.replyId });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0].field).toBe('body.message_id');
    expect((await fromReply(b, { conversation_id: c.conversationId, message_id: c.replyId })).statusCode).toBe(404);
    const bad = await fromReply(a, { conversation_id: 'nope', message_id: c.replyId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.conversation_id');
    expect((await baton.app.inject({ method: 'POST', url: '/api/app/knowledge/articles/from-reply', payload: { conversation_id: c.conversationId, message_id: c.replyId } })).statusCode).toBe(401);
    expect((await baton.services.knowledge.articles.list(a.workspaceId, { limit: 100 })).data.length).toBe(before);
  });
});

describe('content analytics from conversations', () => {
  const analytics = async (w: TestWorkspace) => {
    const res = await baton.app.inject({ url: '/api/app/knowledge/analytics?days=7', headers: w.agentHeaders });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<KnowledgeAnalytics>();
  };

  it('counts conversations a contact started within 24 h after reading an article, per article and locale', async () => {
    const reader = await visitor(b, { user_id: 'reader-1' });
    const late = await visitor(b, { user_id: 'reader-2' });
    const stranger = await visitor(b, { user_id: 'reader-3' });
    await baton.services.knowledge.seedDemo(b.workspaceId);
    const hit = (await baton.services.knowledge.search.search(b.workspaceId, 'invoices', { locale: 'en' }))[0]!;
    for (const v of [reader, late]) {
      const res = await baton.app.inject({ method: 'POST', url: '/widget/help/events', headers: v.headers, payload: { name: 'article_viewed', article_id: hit.article_id, locale: 'en' } });
      expect(res.statusCode).toBe(202);
    }
    // The second reader read it two days ago: their conversation today is not "after reading".
    await baton.ctx.db.execute(
      sql`update events set occurred_at = now() - interval '2 days' where workspace_id = ${b.workspaceId} and contact_id = ${late.viewer.contactId} and name = 'article_viewed'`,
    );
    await askAndAnswer(b, reader.viewer, 'My invoice shows the wrong VAT number');
    await askAndAnswer(b, reader.viewer, 'And the address is wrong too');
    await askAndAnswer(b, late.viewer, 'Where are my invoices?');
    await askAndAnswer(b, stranger.viewer, 'Where are my invoices?');
    const report = await analytics(b);
    const row = report.articles.find((x) => x.article_id === hit.article_id && x.locale === 'en')!;
    expect(row).toMatchObject({ views: 2, conversations_after: 2 });
    expect(report.articles.filter((x) => x.article_id !== hit.article_id).every((x) => x.conversations_after === 0)).toBe(true);
  });

  it('groups opening questions no article answers, the same question in other words together', async () => {
    const asked = [
      ['Do you integrate with Salesforce?', 'ru-RU'],
      ['salesforce integration', null],
      ['Integration with Salesforce: do you have it?', null],
      ['Есть ли интеграция с Salesforce?', null],
      ['How do I reset my password?', null],
      ['Do you have a dark mode?', null],
    ] as const;
    for (const [question, locale] of asked) {
      const v = await visitor(b, locale ? { user_id: `asker-${ip}`, locale } : {});
      if (locale) await baton.services.contacts.updateContact(b.workspaceId, v.viewer.contactId, { locale });
      await askAndAnswer(b, v.viewer, question);
    }
    const report = await analytics(b);
    expect(report.questions_checked).toBeGreaterThanOrEqual(asked.length);
    const salesforce = report.questions.find((q) => q.question.includes('salesforce') && q.locales.includes('en'))!;
    expect(salesforce).toMatchObject({ conversations: 3, locales: ['en'] });
    expect(salesforce.conversation_ids).toHaveLength(3);
    expect(report.questions.find((q) => q.locales.includes('ru') && q.question.includes('salesforce'))).toMatchObject({ conversations: 1 });
    expect(report.questions.find((q) => q.question.includes('dark mode'))).toMatchObject({ conversations: 1 });
    // Answered by an article (the demo's password reset, and the invoices one): not in the list.
    expect(report.questions.some((q) => q.question.includes('password') || q.question.includes('invoices'))).toBe(false);
    expect(report.questions[0]).toBe(salesforce);
  });

  it('counts searches answered only in another language as poor results; every table exports as CSV', async () => {
    await baton.services.knowledge.articles.create(b.workspaceId, { translations: { en: { title: 'Sign webhooks with a secret', body: 'Webhooks are signed.' } }, publish: true }, null);
    await baton.app.inject({ method: 'GET', url: '/api/v1/articles/search?q=webhooks&locale=ru', headers: { authorization: `Bearer ${b.apiKey}` } });
    await baton.app.inject({ method: 'GET', url: '/api/v1/articles/search?q=webhooks&locale=en', headers: { authorization: `Bearer ${b.apiKey}` } });
    const report = await analytics(b);
    expect(report.gaps.find((g) => g.query === 'webhooks')).toMatchObject({ searches: 2, without_results: 0, poor_results: 1, locales: ['en', 'ru'] });
    expect(report.daily.reduce((n, d) => n + d.poor_results, 0)).toBe(1);

    const csv = async (table: string) => {
      const res = await baton.app.inject({ url: `/api/app/knowledge/analytics/${table}.csv?days=7`, headers: b.agentHeaders });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      return { lines: res.body.trimEnd().split('\r\n'), disposition: res.headers['content-disposition'] };
    };
    const questions = await csv('questions');
    expect(questions.disposition).toBe('attachment; filename="unanswered-questions-7d.csv"');
    expect(questions.lines[0]).toBe('question,conversations,locales,conversation_ids,last_asked_at');
    expect(questions.lines).toHaveLength(report.questions.length + 1);
    expect((await csv('articles')).lines[0]).toBe('article_id,locale,title,views,readers,helpful,not_helpful,helpful_ratio,deflections,conversations_after');
    expect((await csv('searches')).lines[0]).toBe('query,searches,without_results,poor_results,locales,last_searched_at');
    expect((await csv('daily')).lines).toHaveLength(8);
    expect((await baton.app.inject({ url: '/api/app/knowledge/analytics/secrets.csv', headers: b.agentHeaders })).statusCode).toBe(400);
    expect((await baton.app.inject({ url: '/api/app/knowledge/analytics/questions.csv' })).statusCode).toBe(401);
  });
});
