import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../contracts/messenger.ts';
import { hashPassword } from '../../server/platform/auth/passwords.ts';
import { createSession } from '../../server/platform/auth/sessions.ts';
import { newId } from '../../server/platform/ids.ts';
import { agents, memberships } from '../../server/workspaces/schema.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * A QA review round in a real browser: the owner sets up a scorecard and samples the week, the
 * assignment is in their queue, they score every criterion and comment on the agent's reply; the
 * agent is notified, then sees that review, the comment and the score in their weekly trend.
 */
describe.skipIf(!hasChromium)('dashboard in a real browser: a QA review round', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let owner: Page;
  let conversationId: string;
  const dana = { agentId: newId(), email: `dana-${newId()}@example.test`, password: `pw-${newId()}` };

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Review Co');
    await baton.ctx.db.insert(agents).values({ id: dana.agentId, email: dana.email, name: 'Dana Agent', passwordHash: await hashPassword(dana.password) });
    await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId: dana.agentId, role: 'agent' });
    const session = await createSession(baton.ctx.db, { agentId: dana.agentId, workspaceId: ws.workspaceId });
    const danaHeaders = { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    // One conversation Dana handled and closed today.
    const api = restClient(baton, ws);
    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'kim@example.test', name: 'Kim' })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'I was charged twice' })).body;
    conversationId = conv.id;
    await api('PATCH', `/api/v1/conversations/${conv.id}`, { assignee_id: dana.agentId });
    const reply = await baton.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: danaHeaders, payload: { body: 'Refunded the second charge' } });
    expect(reply.statusCode).toBe(201);
    await api('PATCH', `/api/v1/conversations/${conv.id}`, { state: 'closed' });
    browser = await launchBrowser();
    owner = await newPage(browser, { width: 1400, height: 1000 });
    await signInToDashboard(owner, baton, ws);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('the owner sets up a scorecard and the sample puts the conversation in their queue', async () => {
    await owner.getByTestId('nav-go.qa').click();
    await owner.getByRole('tab', { name: 'Scorecards' }).click();
    await owner.getByLabel('Name').fill('Support quality');
    const weekly = owner.getByRole('textbox', { name: 'Weekly sample per agent' });
    await weekly.fill('1');
    await owner.getByRole('button', { name: 'Save scorecard' }).click();
    await expect.poll(async () => (await baton.services.qa.scorecards.list(ws.workspaceId)).data.map((s) => [s.name, s.weekly_sample, s.criteria.length])).toEqual([
      ['Support quality', 1, 4],
    ]);
    await owner.getByRole('button', { name: 'Sample the last 7 days now' }).click();
    await expect.poll(() => owner.getByTestId('qa-sampled').textContent()).toBe('Reviews assigned: 1');
    await screenshot(owner, 'qa-scorecard', { fullPage: true });

    await owner.getByRole('tab', { name: 'My reviews' }).click();
    const row = owner.getByTestId('qa-todo').getByRole('row', { name: /Dana Agent/ });
    await expect.poll(() => row.textContent()).toContain('Weekly sample');

    // From the closed conversation in the Inbox, "Review" opens the form with it filled in.
    await owner.goto(`${baton.url}/app/inbox/${conversationId}`);
    await owner.getByTestId('thread-review').click();
    await expect.poll(() => owner.getByRole('textbox', { name: 'Conversation' }).inputValue()).toBe(conversationId);
    await owner.getByRole('tab', { name: 'My reviews' }).click();
  }, 90_000);

  it('the reviewer scores every criterion and comments on the agent reply', async () => {
    await owner.getByTestId('qa-todo').getByRole('link', { name: 'Dana Agent' }).click();
    const thread = owner.getByTestId('qa-thread');
    await expect.poll(() => thread.textContent()).toContain('Refunded the second charge');
    const agentReply = thread.locator('[data-message-id]', { hasText: 'Refunded the second charge' });
    await agentReply.getByRole('button', { name: 'Comment on this message' }).click();
    await agentReply.getByRole('textbox', { name: 'Comment on this message' }).fill('Say when the refund arrives');
    // Accuracy 4/5, tone 5/5, completeness 3/5, process 2/2 → (3·75 + 1·100 + 2·50 + 2·100) / 8 = 78.125.
    for (const [criterion, points] of [['Accuracy', '4'], ['Tone', '5'], ['Completeness', '3'], ['Following process', '2']] as const) {
      await owner.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: points, exact: true }).check({ force: true });
    }
    await owner.getByRole('textbox', { name: 'Overall comment' }).fill('Right fix, say what happens next.');
    await owner.getByRole('button', { name: 'Submit review' }).click();
    await expect.poll(() => owner.getByTestId('qa-review-score').textContent(), { timeout: 20_000 }).toBe('Score: 78.1 / 100');
    await screenshot(owner, 'qa-review', { fullPage: true });
    const [review] = (await baton.services.qa.reviews.list(ws.workspaceId, { agentId: ws.owner.agentId, role: 'owner' }, { status: 'done' })).data;
    expect(review).toMatchObject({ score: 78.125, agent_id: dana.agentId, comment: 'Right fix, say what happens next.' });
    expect(review!.message_comments.map((c) => c.body)).toEqual(['Say when the refund arrives']);
  }, 90_000);

  it('the agent sees their review, the comment on their message and the score in their trend', async () => {
    const page = await newPage(browser, { width: 1400, height: 1000 });
    await signInToDashboard(page, baton, { ...ws, owner: { agentId: dana.agentId, email: dana.email, password: dana.password } });
    // The finished review is in the agent's notifications, and opens their results.
    await page.goto(`${baton.url}/app/inbox`);
    await expect.poll(() => page.getByTestId('mentions-unread').getAttribute('data-count')).toBe('1');
    await page.getByTestId('mentions-button').click();
    await page.getByTestId('mention-item').filter({ hasText: 'Owner reviewed your conversation' }).click();
    await page.waitForURL(/\/app\/qa\/results$/);
    // Agents get no calibration or scorecard settings.
    await expect.poll(() => page.getByRole('tab', { name: 'Results', selected: true }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Calibration' }).count()).toBe(0);
    const latest = page.getByTestId('qa-trend-latest');
    await expect.poll(() => latest.textContent()).toMatch(/^\d{4}-W\d{2}: 78\.1, conversations: 1$/);
    // One week with a score: one point on the chart.
    await expect.poll(() => page.getByTestId('qa-trend').locator('.recharts-line-dots circle').count()).toBe(1);
    const row = page.getByTestId('qa-results').getByRole('row', { name: /Dana Agent/ });
    await expect.poll(() => row.locator('td[data-metric="score"]').textContent()).toBe('78.1');
    await screenshot(page, 'qa-agent-results', { fullPage: true });

    await row.getByRole('link', { name: 'Dana Agent' }).click();
    await expect.poll(() => page.getByTestId('qa-message-comment').textContent()).toContain('Say when the refund arrives');
    expect(await page.getByTestId('qa-review-score').textContent()).toBe('Score: 78.1 / 100');
    expect(await page.getByRole('button', { name: 'Update review' }).count()).toBe(0);
    await page.context().close();
  }, 90_000);
});
