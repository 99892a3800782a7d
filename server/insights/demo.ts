import type { Services } from '../services.ts';

/** The demo's milestone for time to first value: its customers' first project (contacts/demo.ts plants the events). */
export async function seedDemoInsights(services: Services, ws: string): Promise<void> {
  await services.insights.ttfv.setSettings(ws, { milestone_event: 'project_created' });
}
