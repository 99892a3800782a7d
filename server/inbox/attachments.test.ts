import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse, Created, Message } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { MAX_ATTACHMENT_BYTES } from './attachments.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let dataDir: string;
let headers: Record<string, string>;
let conversationId: string;

/** A multipart body by hand: fields first, then the file, as the widget sends it. */
function multipart(file: { name: string; type: string; content: Buffer }, fields: Record<string, string> = {}) {
  const boundary = `----baton${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(file: { name: string; type: string; content: Buffer }, fields: Record<string, string> = {}, h = headers, id = conversationId) {
  const body = multipart(file, fields);
  return baton.app.inject({
    method: 'POST',
    url: `/widget/conversations/${id}/attachments`,
    headers: { ...h, 'content-type': body.contentType },
    payload: body.payload,
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-attachments-'));
  baton = await startBaton({ env: { DATA_DIR: dataDir } });
  ws = await createWorkspace(baton, 'Files Co');
  const boot = (await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey } })).json<BootResponse>();
  headers = { 'x-baton-app': ws.writeKey, 'x-baton-visitor': boot.visitor_token };
  const started = await baton.app.inject({ method: 'POST', url: '/widget/conversations', headers, payload: { body: 'Here is a screenshot', client_id: 'files-start-1' } });
  conversationId = started.json<Created>().conversation.id;
});
afterAll(async () => {
  await baton?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('attachments', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  it('stores a file on disk under DATA_DIR and serves it only at its unguessable URL', async () => {
    const res = await upload({ name: 'shot.png', type: 'image/png', content: png }, { client_id: 'upload-png-1' });
    expect(res.statusCode, res.body).toBe(201);
    const message = res.json<Message>();
    expect(message).toMatchObject({ body: 'shot.png', attachments: [{ name: 'shot.png', content_type: 'image/png', size: png.length }] });
    const ref = message.attachments[0]!;
    expect(fs.existsSync(path.join(dataDir, 'attachments', ws.workspaceId, ref.id))).toBe(true);

    const download = await baton.app.inject({ method: 'GET', url: ref.url });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/^inline/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    const forged = ref.url.replace(/\/([^/]+)\/shot\.png$/, '/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/shot.png');
    expect((await baton.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);

    // The same client id again: the first message, no second file.
    const again = await upload({ name: 'shot.png', type: 'image/png', content: png }, { client_id: 'upload-png-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json<Message>().id).toBe(message.id);
    expect(fs.readdirSync(path.join(dataDir, 'attachments', ws.workspaceId))).toHaveLength(1);
  });

  it('serves SVG and HTML as downloads, never inline', async () => {
    for (const [name, type] of [['logo.svg', 'image/svg+xml'], ['page.html', 'text/html']] as const) {
      const res = await upload({ name, type, content: Buffer.from('<svg onload="alert(1)"></svg>') });
      expect(res.statusCode).toBe(201);
      const download = await baton.app.inject({ method: 'GET', url: res.json<Message>().attachments[0]!.url });
      expect(download.headers['content-disposition']).toMatch(/^attachment/);
      expect(download.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it('refuses types not allowed and files over the limit, storing nothing', async () => {
    const before = fs.readdirSync(path.join(dataDir, 'attachments', ws.workspaceId)).length;
    const exe = await upload({ name: 'run.exe', type: 'application/x-msdownload', content: Buffer.from('MZ') });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().errors[0].field).toBe('file');
    const big = await upload({ name: 'big.txt', type: 'text/plain', content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 97) });
    expect(big.statusCode).toBe(413);
    const notMultipart = await baton.app.inject({ method: 'POST', url: `/widget/conversations/${conversationId}/attachments`, headers, payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
    expect(fs.readdirSync(path.join(dataDir, 'attachments', ws.workspaceId))).toHaveLength(before);
  });

  it('another visitor cannot upload into the conversation', async () => {
    const other = (await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey } })).json<BootResponse>();
    const res = await upload({ name: 'x.txt', type: 'text/plain', content: Buffer.from('x') }, {}, { 'x-baton-app': ws.writeKey, 'x-baton-visitor': other.visitor_token });
    expect(res.statusCode).toBe(404);
  });

  it('deleting the contact deletes its conversations, files and Messenger session', async () => {
    const boot = (await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey } })).json<BootResponse>();
    const h = { 'x-baton-app': ws.writeKey, 'x-baton-visitor': boot.visitor_token };
    const started = await baton.app.inject({ method: 'POST', url: '/widget/conversations', headers: h, payload: { body: 'Delete me later', client_id: 'files-delete-1' } });
    const id = started.json<Created>().conversation.id;
    const file = await upload({ name: 'mine.txt', type: 'text/plain', content: Buffer.from('personal') }, {}, h, id);
    const ref = file.json<Message>().attachments[0]!;
    const contact = await baton.services.contacts.findContactId(ws.workspaceId, { anonymousId: boot.visitor_id });
    const del = await baton.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${contact!.id}`, headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(del.statusCode).toBe(204);
    expect((await baton.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: { authorization: `Bearer ${ws.apiKey}` } })).statusCode).toBe(404);
    expect((await baton.app.inject({ method: 'GET', url: ref.url })).statusCode).toBe(404);
    expect(fs.existsSync(path.join(dataDir, 'attachments', ws.workspaceId, ref.id))).toBe(false);
    expect((await baton.app.inject({ method: 'GET', url: '/widget/conversations', headers: h })).statusCode).toBe(401);
  });

  it('agents reply with a file over the REST API', async () => {
    const body = multipart({ name: 'invoice.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4') }, { body: 'Your invoice' });
    const res = await baton.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/attachments`,
      headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Message>()).toMatchObject({ body: 'Your invoice', author_type: 'bot', attachments: [{ name: 'invoice.pdf' }] });
  });
});
