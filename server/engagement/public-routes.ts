import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { messagesFor, pickLocale } from './email/messages.ts';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const Link = z.object({ ws: z.string(), id: z.string(), token: z.string().max(100) });

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(lang: string, title: string, body: string): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * The URLs inside series e-mails: `/e/<workspace>/<delivery>/<token>/…`. They work without a
 * session; the random token is what proves the link came from that e-mail. Unsubscribing on GET
 * would let link scanners unsubscribe people, so GET shows a button and POST (also RFC 8058's
 * one-click POST from the mail client) unsubscribes.
 */
export async function publicRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const svc = services.engagement;
  // One-click unsubscribe posts `List-Unsubscribe=One-Click` form-encoded; its content is not needed.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) =>
    done(null, body),
  );
  const hide = { schema: { hide: true } };

  app.get('/e/:ws/:id/:token/o.gif', hide, async (req, reply) => {
    const p = Link.parse(req.params);
    await svc.opened(p.ws, p.id, p.token);
    return reply.type('image/gif').header('cache-control', 'no-store, private').send(PIXEL);
  });

  app.get('/e/:ws/:id/:token/c/:n', hide, async (req, reply) => {
    const p = Link.extend({ n: z.coerce.number().int().min(0).max(10_000) }).safeParse(req.params);
    const target = p.success ? await svc.clicked(p.data.ws, p.data.id, p.data.token, p.data.n) : undefined;
    if (!target) return reply.status(404).type('text/plain').send('This link is not valid.');
    return reply.header('cache-control', 'no-store, private').redirect(target, 302);
  });

  app.get('/e/:ws/:id/:token/u', hide, async (req, reply) => {
    const p = Link.parse(req.params);
    const target = await svc.unsubscribeTarget(p.ws, p.id, p.token);
    if (!target) return reply.status(404).type('text/plain').send('This link is not valid.');
    const m = messagesFor(pickLocale([target.locale], target.locale, 'en'));
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store, private')
      .send(page(target.locale, m.confirmTitle, `<form method="post"><button type="submit">${escapeHtml(m.confirmButton)}</button></form>`));
  });

  app.post('/e/:ws/:id/:token/u', hide, async (req, reply) => {
    const p = Link.parse(req.params);
    const target = await svc.unsubscribeTarget(p.ws, p.id, p.token);
    if (!target || !(await svc.unsubscribe(p.ws, p.id, p.token))) {
      return reply.status(404).type('text/plain').send('This link is not valid.');
    }
    const m = messagesFor(pickLocale([target.locale], target.locale, 'en'));
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store, private')
      .send(page(target.locale, m.doneTitle, `<p>${escapeHtml(m.doneText(target.workspaceName))}</p>`));
  });
}
