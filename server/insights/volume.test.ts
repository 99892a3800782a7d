import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportVolume } from '../../contracts/insights.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';

/**
 * The volume report reads conversations per UTC quarter-hour: in a zone 5:45 ahead of UTC and
 * across a DST change it gives the days and hours that counting the facts rows one by one gives,
 * with a period whose ends and split cut quarter-hours.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
// Berlin leaves summer time on 25 October 2026 at 01:00 UTC; the previous period starts 7 days 2:45:30 before `from`.
const from = Date.parse('2026-10-20T03:07:00Z');
const to = Date.parse('2026-10-27T05:52:30Z');
const previousFrom = from - (to - from);

/** Instants on every edge that matters (local midnights in Kathmandu and Berlin, the DST change, the period's ends), and some anywhere. */
const EDGES = [
  '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', '2026-10-25T01:14:59Z', '2026-10-24T21:59:59Z', '2026-10-24T22:00:00Z',
  '2026-10-25T22:59:59Z', '2026-10-25T23:00:00Z', '2026-10-21T18:14:59Z', '2026-10-21T18:15:00Z', '2026-10-21T18:15:00Z',
  new Date(from - 1000).toISOString(), new Date(from).toISOString(), new Date(from + 60_000).toISOString(),
  new Date(previousFrom).toISOString(), new Date(previousFrom + 1000).toISOString(), new Date(previousFrom - 1000).toISOString(),
  new Date(to - 1000).toISOString(), new Date(to).toISOString(),
].map(Date.parse);

function anywhere(seed: number, n: number): number[] {
  let s = seed;
  const next = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => Math.round(previousFrom - DAY + next() * (to - previousFrom + 2 * DAY)));
}

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Volume');
  api = restClient(baton, ws);
  for (const at of [...EDGES, ...anywhere(11, 30)]) {
    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test` })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hi' })).body;
    await baton.ctx.database.query('update conversations set created_at = $2 where id = $1', [conv.id, new Date(at).toISOString()]);
  }
  await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });
}, 180_000);
afterAll(() => baton?.stop());

/** The report as counting every facts row of the period in the zone gives it. */
async function counted(tz: string): Promise<Pick<SupportVolume, 'days' | 'hour_of_week'>> {
  const q = <T extends object>(text: string) =>
    baton.ctx.database.query<T>(text, [ws.workspaceId, new Date(previousFrom).toISOString(), new Date(from).toISOString(), new Date(to).toISOString(), tz]);
  const local = (p: string) => `(${p}::timestamptz at time zone $5)::date`;
  const days = await q<{ day: string; current: number; previous: number }>(
    `with k as (
       select case when created_at >= $3 then (created_at at time zone $5)::date - ${local('$3')}
                   else (created_at at time zone $5)::date - ${local('$2')} end as n, created_at >= $3 as current
       from insights_conversation_facts where workspace_id = $1 and created_at >= $2 and created_at < $4
     )
     select to_char(${local('$3')} + s.n, 'YYYY-MM-DD') as day,
            (select count(*) from k where k.n = s.n and current)::int as current, (select count(*) from k where k.n = s.n and not current)::int as previous
     from generate_series(0, ${local(`($4::timestamptz - interval '1 microsecond')`)} - ${local('$3')}) as s(n) order by s.n`,
  );
  const cells = await q<{ dow: number; hour: number; n: number }>(
    `select extract(isodow from created_at at time zone $5)::int - 1 as dow, extract(hour from created_at at time zone $5)::int as hour, count(*)::int as n
     from insights_conversation_facts where workspace_id = $1 and created_at >= $3 and created_at < $4 and $2::timestamptz is not null group by 1, 2`,
  );
  const hourOfWeek = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const c of cells.rows) hourOfWeek[c.dow]![c.hour] = c.n;
  return { days: days.rows, hour_of_week: hourOfWeek };
}

const report = async (tz: string) => {
  const r = await api<SupportVolume>('GET', `/api/v1/reports/support/volume?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&tz=${tz}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('support volume from quarter-hour counts', () => {
  it.each(['Asia/Kathmandu', 'Europe/Berlin', 'UTC', 'America/St_Johns'])('gives the days and hours of week of the facts rows in %s', async (tz) => {
    const want = await counted(tz);
    const got = await report(tz);
    expect({ days: got.days, hour_of_week: got.hour_of_week }).toEqual(want);
    expect(got.days.reduce((n, d) => n + d.current + d.previous, 0)).toBeGreaterThan(20);
  });

  it('counts every conversation of the 25-hour DST change day in Berlin on that day', async () => {
    const got = await report('Europe/Berlin');
    const day = got.days.find((d) => d.day === '2026-10-25')!;
    // From 24 Oct 22:00Z (00:00 CEST) to 25 Oct 23:00Z (00:00 CET), across 01:00Z where 03:00 CEST became 02:00 CET.
    const on25 = [...EDGES, ...anywhere(11, 30)].filter((t) => t >= Date.parse('2026-10-24T22:00:00Z') && t < Date.parse('2026-10-25T23:00:00Z')).length;
    expect(day.current).toBe(on25);
  });

  it('rebuilds facts whose quarter-hour counts are missing (written before the table existed)', async () => {
    const before = await report('Asia/Kathmandu');
    await baton.ctx.database.query('delete from insights_conversation_quarters where workspace_id = $1', [ws.workspaceId]);
    expect(await baton.services.insights.facts.sweep(ws.workspaceId)).toMatchObject({ full: true });
    expect(await report('Asia/Kathmandu')).toEqual(before);
  });
});
