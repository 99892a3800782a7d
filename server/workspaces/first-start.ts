import type { Ctx } from '../platform/context.ts';
import { seedDemoCampaigns } from '../campaigns/demo.ts';
import { seedExperimentsDemo } from '../experiments/demo.ts';
import { seedDemoFeedback } from '../feedback/demo.ts';
import { seedDemoConversations } from '../inbox/demo.ts';
import { seedDemoTeam } from '../inbox/demo-team.ts';
import { seedDemoInsights } from '../insights/demo.ts';
import { randomToken } from '../platform/ids.ts';
import { seedDemoQa } from '../qa/demo.ts';
import type { Services } from '../services.ts';

export const DEMO_EMAIL = 'demo@baton.local';
export const DEMO_WORKSPACE_NAME = 'Baton Demo (demo data)';

const createHint = (url: string) => [
  'No workspace yet. Create one with:',
  '  npx baton create-workspace --name "Acme" --email you@example.com --password "<at least 10 characters>"',
  `then sign in at ${url}`,
];

/**
 * Runs on every start and returns what to tell the person who started Baton (plain text for
 * stdout). On the first start with BATON_DEMO on it creates the demo workspace with a fresh
 * password; only its hash is stored, so later starts can only say it was printed before.
 */
export async function firstStart(ctx: Ctx, services: Services): Promise<string[]> {
  const url = `${ctx.config.publicUrl}/app/`;
  let existing = await services.workspaces.list();
  if (existing.length === 0 && ctx.config.BATON_DEMO) {
    const password = randomToken('', 12);
    const created = await services.workspaces.createIfNone({
      name: DEMO_WORKSPACE_NAME,
      isDemo: true,
      owner: { email: DEMO_EMAIL, name: 'Demo Owner', password },
    });
    if (created) {
      await services.contacts.seedDemo(created.workspaceId);
      await services.segments.seedDemo(created.workspaceId);
      await services.knowledge.seedDemo(created.workspaceId);
      await seedExperimentsDemo(ctx, services, created.workspaceId);
      const team = await seedDemoTeam(ctx, services, created.workspaceId, created.ownerAgentId);
      const conversations = await seedDemoConversations(ctx, services, created.workspaceId, team);
      await seedDemoFeedback(ctx, services, created.workspaceId, conversations);
      await seedDemoQa(ctx, services, created.workspaceId, created.ownerAgentId);
      await seedDemoCampaigns(ctx, services, created.workspaceId, team.agents[0]!.id);
      await seedDemoInsights(ctx, services, created.workspaceId);
      return [
        `Baton is running: ${url}`,
        `A demo workspace "${DEMO_WORKSPACE_NAME}" was created. Sign in with`,
        `  e-mail:   ${DEMO_EMAIL}`,
        `  password: ${password}`,
        'The password is shown only now. Lost it? npx baton reset-password --email demo@baton.local',
      ];
    }
    // Another node created a workspace first.
    existing = await services.workspaces.list();
  }
  if (existing.length === 0) return createHint(url);
  const lines = [`Baton is running: ${url}`];
  if (existing.some((w) => w.isDemo)) {
    lines.push(
      `The demo login (${DEMO_EMAIL}) was printed on the first start; its password is not stored in clear.`,
      `Lost it? npx baton reset-password --email ${DEMO_EMAIL}`,
    );
  }
  return lines;
}
