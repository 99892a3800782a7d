import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { ContactSignals, SignalSettings } from '../../contracts/signals.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';

/**
 * Frustration signals over HTTP: off by default, switched on by an admin, a signal from the widget
 * becomes a contact event (dropped while off), bad bodies are refused naming the field, the Inbox's
 * summary per contact, and workspace isolation. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
let ip = 0;

type Headers = Record<string, string>;
async function visitor(w: TestWorkspace, settings: Record<string, unknown> = {}) {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, ...settings }, remoteAddress: `10.8.0.${++ip}` });
  expect(res.statusCode, res.body).toBe(200);
  const boot = res.json<BootResponse>();
  const headers: Headers = { 'x-baton-app': w.writeKey, 'x-baton-visitor': boot.visitor_token };
  const contact = await baton.services.inbox.viewer(w.writeKey, boot.visitor_token);
  return { headers, contactId: contact.contactId };
}
const call = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: object) => {
  const res = await baton.app.inject({ method, url, headers, payload });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T, headers: res.headers };
};
const signalNames = async (w: TestWorkspace, contactId: string) =>
  (await baton.services.contacts.listContactEvents(w.workspaceId, contactId, { limit: 50 })).data.map((e) => e.name);

beforeAll(async () => {
  baton = await startBaton();
  a = await createWorkspace(baton, 'Signals A');
  b = await createWorkspace(baton, 'Signals B');
});
afterAll(() => baton?.stop());

describe('frustration signals', () => {
  it('are off until an admin turns them on; while off a signal is dropped', async () => {
    const v = await visitor(a);
    const config = await call<SignalSettings>('GET', '/widget/signals', v.headers);
    expect(config.status).toBe(200);
    expect(config.headers['access-control-allow-origin']).toBe('*');
    expect(config.body).toEqual({ enabled: false, sample_rate: 1 });
    const dropped = await call<{ recorded: boolean }>('POST', '/widget/signals', v.headers, { kind: 'dead_click', path: '/billing', selector: '#pay' });
    expect(dropped).toMatchObject({ status: 202, body: { recorded: false } });
    expect(await signalNames(a, v.contactId)).not.toContain('dead_click');

    const on = await call<SignalSettings>('PATCH', '/api/app/signals/settings', a.agentHeaders, { enabled: true, sample_rate: 0.25 });
    expect(on).toMatchObject({ status: 200, body: { enabled: true, sample_rate: 0.25 } });
    expect((await call<SignalSettings>('GET', '/widget/signals', v.headers)).body).toEqual({ enabled: true, sample_rate: 0.25 });
    expect((await call<SignalSettings>('GET', '/api/app/signals/settings', b.agentHeaders)).body.enabled).toBe(false);
  });

  it('a signal becomes an event on the contact, and the Inbox summary counts them', async () => {
    await call('PATCH', '/api/app/signals/settings', a.agentHeaders, { enabled: true, sample_rate: 1 });
    const v = await visitor(a, { user_id: 'sig-1' });
    const sent = [
      { kind: 'rage_click', path: '/billing', clicks: 4, selector: 'button#pay', label: 'Pay now' },
      { kind: 'dead_click', path: '/billing', selector: 'div.card > span', label: 'Total' },
      { kind: 'quick_back', path: '/billing', pages: ['/billing', '/plans'], seconds: 2.5 },
      { kind: 'error', path: '/billing', message: 'Card declined', error_name: 'PaymentError', properties: { code: 402 } },
    ];
    for (const s of sent) expect((await call('POST', '/widget/signals', v.headers, s)).status).toBe(202);
    const events = (await baton.services.contacts.listContactEvents(a.workspaceId, v.contactId, { limit: 50 })).data;
    expect(events.find((e) => e.name === 'rage_click')!.properties).toEqual({ path: '/billing', clicks: 4, selector: 'button#pay', label: 'Pay now' });
    expect(events.find((e) => e.name === 'quick_back')!.properties).toMatchObject({ pages: '/billing → /plans' });
    expect(events.find((e) => e.name === 'error_reported')!.properties).toMatchObject({ message: 'Card declined', properties: { code: 402 } });

    const summary = await call<ContactSignals>('GET', `/api/app/contacts/${v.contactId}/signals`, a.agentHeaders);
    expect(summary.status).toBe(200);
    expect(summary.body.counts).toEqual({ rage_click: 1, dead_click: 1, quick_back: 1, error: 1 });
    expect(summary.body.recent.map((r) => r.detail)).toEqual(expect.arrayContaining(['Pay now', 'Total', '/billing → /plans', 'Card declined']));
    expect((await call('GET', `/api/app/contacts/${v.contactId}/signals`, b.agentHeaders)).status).toBe(404);
  });

  it('refuses what a signal may not carry, naming the field, and stores nothing', async () => {
    await call('PATCH', '/api/app/signals/settings', a.agentHeaders, { enabled: true });
    const v = await visitor(a);
    const typed = await call<{ errors?: { field: string }[]; detail: string }>('POST', '/widget/signals', v.headers, { kind: 'dead_click', path: '/x', value: 'secret' });
    expect(typed.status).toBe(400);
    expect(JSON.stringify(typed.body)).toContain('value');
    const long = await call('POST', '/widget/signals', v.headers, { kind: 'rage_click', path: '/x', clicks: 3, label: 'x'.repeat(81) });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('label');
    expect((await call('PATCH', '/api/app/signals/settings', a.agentHeaders, { sample_rate: 2 })).status).toBe(400);
    expect(await signalNames(a, v.contactId)).toEqual([]);
  });

  it('needs a visitor token from the widget and an admin for the switch', async () => {
    expect((await call('POST', '/widget/signals', { 'x-baton-app': a.writeKey }, { kind: 'dead_click', path: '/' })).status).toBe(401);
    expect((await call('PATCH', '/api/app/signals/settings', {}, { enabled: true })).status).toBe(401);
  });
});
