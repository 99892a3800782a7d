import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { WebhookDelivery } from '../../../contracts/webhooks.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../../test/factories.ts';
import { guardedLookup, isPrivateAddress } from './ssrf.ts';
import { webhooks } from './schema.ts';
import { startReceiver, waitFor, type Receiver } from './testing.ts';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    'not an address',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:93.184.216.34'])(
    'allows %s',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );

  it('refuses a host name that resolves to loopback at connect time', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup(false)('localhost', { all: true }, (e) => resolve(e)),
    );
    expect(err?.code).toBe('EPRIVATE');
  });
});

let baton: TestBaton;
let ws: TestWorkspace;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  baton = await startBaton({ env: { WEBHOOKS_RETRY_DELAY_SECONDS: '0' } });
  ws = await createWorkspace(baton);
});
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

const headers = () => ({ authorization: `Bearer ${ws.apiKey}` });

describe('webhook targets', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.7/hook',
    'https://[fd00::1]/hook',
    'http://100.64.1.1/hook',
    'http://2130706433/hook', // 127.0.0.1 written as one number
    'http://0x7f.1/hook',
    'http://[::ffff:7f00:1]/hook',
  ])('refuses %s when saving', async (url) => {
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: headers(),
      payload: { url, event_types: ['contact.created'] },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ field: 'url', message: expect.stringContaining('private') }]);
    const list = await baton.app.inject({ url: '/api/v1/webhooks', headers: headers() });
    expect(list.json().data).toEqual([]);
  });

  it('refuses other schemes', async () => {
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: headers(),
      payload: { url: 'file:///etc/passwd', event_types: ['contact.created'] },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('body.url');
  });

  it('refuses moving an existing webhook to a private address, changing nothing', async () => {
    const created = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: headers(),
      payload: { url: 'https://93.184.216.34/hook', event_types: ['company.updated'] },
    });
    const hook = created.json();
    const r = await baton.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      headers: headers(),
      payload: { url: 'http://192.168.0.10/admin', active: false },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('url');
    const after = await baton.app.inject({ url: `/api/v1/webhooks/${hook.id}`, headers: headers() });
    expect(after.json()).toMatchObject({ url: 'https://93.184.216.34/hook', active: true });
    await baton.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: headers() });
  });

  it('checks again at delivery time, when the target may have moved to a private address', async () => {
    const created = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: headers(),
      payload: { url: 'http://93.184.216.34/hook', event_types: ['contact.created'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();
    // What a DNS rebinding achieves: the saved target now leads to a loopback address.
    await baton.ctx.db.update(webhooks).set({ url: receiver.url }).where(eq(webhooks.id, hook.id));

    const ping = await baton.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook.id}/test`, headers: headers() });
    expect(ping.statusCode).toBe(202);
    const failed = await waitFor(async () => {
      const r = await baton.app.inject({ url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: headers() });
      const [d] = r.json().data as WebhookDelivery[];
      return d?.status === 'failed' ? d : null;
    }, 'the delivery to be refused');
    expect(failed.last_error).toMatch(/^Refused target: .*private/);
    expect(failed.last_status_code).toBeNull();
    expect(receiver.received).toEqual([]);
  });
});
