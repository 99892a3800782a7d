import { perDriver, percentile, printTable, round, startBench, writeResults, type BenchBaton, type Driver } from './lib.ts';

/**
 * Filtered contact lists over 100,000 contacts: p50/p95 of GET /api/v1/contacts (HTTP, with its
 * companies lookup and cursor) next to a hand-written SQL query for the same page.
 */

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const RUNS = 40;
const WARMUP = 5;

async function seed(b: BenchBaton) {
  const q = (text: string, params: unknown[] = []) => b.database.query(text, params);
  await q(
    `insert into companies (workspace_id, id, external_id, name, plan, mrr)
     select $1, gen_random_uuid(), 'co-' || g, 'Company ' || g, (array['free','starter','pro','enterprise'])[g % 4 + 1], (g % 50) * 10
     from generate_series(1, 1000) g`,
    [b.workspaceId],
  );
  // Bulk load first, GIN index after: the usual way to load a table, and minutes faster on PGlite.
  await q('drop index contacts_attributes_idx');
  await q(
    `insert into contacts (workspace_id, id, role, external_id, email, name, attributes, signed_up_at, last_seen_at,
                           session_count, created_at, updated_at)
     select $1, gen_random_uuid(), case when g % 4 = 0 then 'lead' else 'user' end,
            case when g % 4 = 0 then null else 'u' || g end,
            case when g % 4 = 0 and g % 3 = 0 then null else 'user' || g || '@example.com' end,
            (array['Ivan','Emma','Wei','Aigerim','Liam','Olga','Noah','Mei'])[g % 8 + 1] || ' ' ||
            (array['Petrov','Smith','Wang','Akhmetov','Brown','Chen','Ivanova','Taylor','Lee'])[g % 9 + 1],
            jsonb_build_object('plan', (array['free','starter','pro','enterprise'])[g % 4 + 1], 'age', g % 60 + 18,
                               'city', (array['Almaty','Moscow','Taipei','Shanghai','London','Austin','Astana'])[g % 7 + 1],
                               'beta', g % 10 = 0),
            now() - (g * interval '5 minutes'), now() - ((g % 5000) * interval '1 hour'), g % 50,
            now() - (g * interval '1 minute'), now()
     from generate_series(1, $2::int) g`,
    [b.workspaceId, CONTACTS],
  );
  await q(
    `insert into contact_companies (workspace_id, contact_id, company_id)
     select c.workspace_id, c.id, co.id from contacts c
     join companies co on co.workspace_id = c.workspace_id and co.external_id = 'co-' || (abs(hashtext(c.id::text)) % 1000 + 1)
     where c.workspace_id = $1 and c.role = 'user'`,
    [b.workspaceId],
  );
  await q('create index contacts_attributes_idx on contacts using gin (attributes jsonb_path_ops)');
  await q('analyze');
  const [co] = (await q(`select id from companies where workspace_id = $1 and external_id = 'co-7'`, [b.workspaceId])).rows as { id: string }[];
  return co!.id;
}

interface Scenario {
  name: string;
  query: Record<string, string>;
  /** The same page in plain SQL: $1 is the workspace. */
  raw: string;
  params?: unknown[];
}

const f = (...conds: object[]) => JSON.stringify(conds);

function scenarios(companyId: string): Scenario[] {
  return [
    { name: 'newest first (no filter)', query: {}, raw: 'select * from contacts where workspace_id = $1 order by created_at desc, id desc limit 26' },
    {
      name: 'attributes.plan = pro',
      query: { filter: f({ field: 'attributes.plan', op: 'eq', value: 'pro' }) },
      raw: `select * from contacts where workspace_id = $1 and attributes @> '{"plan":"pro"}' order by created_at desc, id desc limit 26`,
    },
    {
      name: 'role=user, age>=50, by last_seen_at',
      query: { filter: f({ field: 'role', op: 'eq', value: 'user' }, { field: 'attributes.age', op: 'gte', value: 50 }), sort: 'last_seen_at' },
      raw: `select * from contacts where workspace_id = $1 and role = 'user' and (attributes->'age') >= '50'::jsonb
            order by last_seen_at desc nulls last, id desc limit 26`,
    },
    {
      name: 'search q=ivanova',
      query: { q: 'ivanova' },
      raw: `select * from contacts where workspace_id = $1 and (email ilike '%ivanova%' or name ilike '%ivanova%') order by created_at desc, id desc limit 26`,
    },
    {
      name: 'email starts_with user12, by name',
      query: { filter: f({ field: 'email', op: 'starts_with', value: 'user12' }), sort: 'name', order: 'asc' },
      raw: `select * from contacts where workspace_id = $1 and email ilike 'user12%' order by name asc nulls first, id asc limit 26`,
    },
    {
      name: 'sessions>40, beta, by attributes.age',
      query: {
        filter: f({ field: 'session_count', op: 'gt', value: 40 }, { field: 'attributes.beta', op: 'eq', value: true }),
        sort: 'attributes.age',
      },
      raw: `select * from contacts where workspace_id = $1 and session_count > 40 and attributes @> '{"beta":true}'
            order by attributes->'age' desc nulls last, id desc limit 26`,
    },
    {
      name: 'members of one company',
      query: { company_id: companyId },
      raw: `select c.* from contacts c where c.workspace_id = $1 and exists (select 1 from contact_companies cc
            where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and cc.company_id = $2)
            order by c.created_at desc, c.id desc limit 26`,
      params: [companyId],
    },
  ];
}

async function time(fn: () => Promise<void>) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((x, y) => x - y);
}

async function benchDriver(driver: Driver) {
  const b = await startBench(driver);
  try {
    const t0 = performance.now();
    const companyId = await seed(b);
    console.log(`  seeded ${CONTACTS} contacts in ${round((performance.now() - t0) / 1000)} s`);
    const headers = { authorization: `Bearer ${b.apiKey}` };
    const rows = [];
    for (const s of scenarios(companyId)) {
      const url = `${b.url}/api/v1/contacts?${new URLSearchParams({ limit: '25', ...s.query })}`;
      let nextCursor: string | null = null;
      const api = await time(async () => {
        const res = await fetch(url, { headers });
        const body = (await res.json()) as { next_cursor: string | null };
        if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${JSON.stringify(body)}`);
        nextCursor = body.next_cursor;
      });
      const raw = await time(async () => void (await b.database.query(s.raw, [b.workspaceId, ...(s.params ?? [])])));
      rows.push({ driver, scenario: s.name, api_p50_ms: round(percentile(api, 50)), api_p95_ms: round(percentile(api, 95)), raw_p50_ms: round(percentile(raw, 50)), raw_p95_ms: round(percentile(raw, 95)) });
      if (s.name === 'attributes.plan = pro' && nextCursor) {
        const page2 = await time(async () => {
          const res = await fetch(`${url}&cursor=${nextCursor}`, { headers });
          await res.arrayBuffer();
        });
        rows.push({ driver, scenario: '  … its page 2 (cursor)', api_p50_ms: round(percentile(page2, 50)), api_p95_ms: round(percentile(page2, 95)), raw_p50_ms: '-', raw_p95_ms: '-' } as never);
      }
    }
    return rows;
  } finally {
    await b.stop();
  }
}

export async function run() {
  const results = (await perDriver('contacts', benchDriver)).flat();
  printTable(results);
  const file = writeResults('contacts', { at: new Date().toISOString(), contacts: CONTACTS, runs: RUNS, targets: { api_p95_ms: 50 }, results });
  console.log(`written to ${file}`);
}
