import { sql, type SQL } from 'drizzle-orm';
import type { Review } from '../../contracts/qa.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';

interface ReviewRow {
  id: string;
  scorecard_id: string;
  scorecard_name: string;
  conversation_id: string;
  agent_id: string;
  agent_name: string | null;
  reviewer_id: string;
  reviewer_name: string | null;
  source: Review['source'];
  status: Review['status'];
  scores: Record<string, number>;
  score: number | null;
  comment: string;
  message_comments: Array<{ id: string; message_id: string; body: string; created_at: string }>;
  created_at: Date | string;
  completed_at: Date | string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** Reviews of a workspace matching `where` (over `r`, the review), newest first, with names and message comments. */
export async function loadReviews(db: DbOrTx, ws: string, where: SQL, limit = 200): Promise<Review[]> {
  const found = await rows<ReviewRow>(
    db,
    sql`select r.id, r.scorecard_id, s.name as scorecard_name, r.conversation_id, r.agent_id, ag.name as agent_name,
               r.reviewer_id, rv.name as reviewer_name, r.source, r.status, r.scores, r.score, r.comment, r.created_at, r.completed_at,
               coalesce((select json_agg(json_build_object('id', m.id, 'message_id', m.message_id, 'body', m.body, 'created_at', m.created_at)
                                         order by m.created_at, m.id)
                         from qa_message_comments m where m.workspace_id = r.workspace_id and m.review_id = r.id), '[]'::json) as message_comments
        from qa_reviews r
        join qa_scorecards s on s.workspace_id = r.workspace_id and s.id = r.scorecard_id
        left join agents ag on ag.id = r.agent_id
        left join agents rv on rv.id = r.reviewer_id
        where r.workspace_id = ${ws} and ${where}
        order by r.created_at desc, r.id desc
        limit ${limit}`,
  );
  return found.map((r) => ({
    id: r.id,
    scorecard_id: r.scorecard_id,
    scorecard_name: r.scorecard_name,
    conversation_id: r.conversation_id,
    agent_id: r.agent_id,
    agent_name: r.agent_name ?? '',
    reviewer_id: r.reviewer_id,
    reviewer_name: r.reviewer_name ?? '',
    source: r.source,
    status: r.status,
    scores: r.scores,
    score: r.score === null ? null : Number(r.score),
    comment: r.comment,
    message_comments: r.message_comments.map((m) => ({ ...m, created_at: iso(m.created_at) })),
    created_at: iso(r.created_at),
    completed_at: r.completed_at === null ? null : iso(r.completed_at),
  }));
}
