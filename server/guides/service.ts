import { and, desc, eq, sql } from 'drizzle-orm';
import { SurveyContent } from '../../contracts/campaign-content/survey.ts';
import { ChecklistContent } from '../../contracts/campaign-content/checklist.ts';
import { validAnswer } from '../../contracts/campaign-content/survey-flow.ts';
import type { SurveyAnswerBody, SurveyResults } from '../../contracts/guides.ts';
import { campaigns } from '../campaigns/schema.ts';
import { registerDeliveryHook } from '../campaigns/delivery-hooks.ts';
import { contactDidEvents, type ContactsService } from '../contacts/service.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { badField, notFound } from '../platform/errors.ts';
import './checklist-funnel.ts';
import { checklistTicks, surveyAnswers } from './schema.ts';
import { summarize, type AnswerCount } from './survey-results.ts';

export interface GuideViewer {
  workspaceId: string;
  contactId: string;
}

type Kind = 'survey' | 'checklist';
const SCHEMA = { survey: SurveyContent, checklist: ChecklistContent } as const;

/**
 * A campaign of a type, with the content of its default locale: question and item ids are the
 * same in every locale, only their texts are translated. Read from the campaigns table itself
 * because the campaign service is another branch's; its `get` replaces this once merged.
 */
async function campaignOf<K extends Kind>(db: DbOrTx, workspaceId: string, id: string, kind: K) {
  const [row] = await db.select().from(campaigns).where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  if (!row || row.type !== kind) throw notFound(kind);
  const content = SCHEMA[kind].parse(row.content[row.defaultLocale]) as K extends 'survey' ? SurveyContent : ChecklistContent;
  return { name: row.name, content };
}

/** Items done by this contact: ticked by them, or whose event they did. */
async function doneItems(db: DbOrTx, workspaceId: string, campaignId: string, contactId: string, content: ChecklistContent): Promise<string[]> {
  const ticked = await db
    .select({ item: checklistTicks.itemId })
    .from(checklistTicks)
    .where(and(eq(checklistTicks.workspaceId, workspaceId), eq(checklistTicks.campaignId, campaignId), eq(checklistTicks.contactId, contactId)));
  const names = content.items.flatMap((i) => (i.event ? [i.event] : []));
  const did = await contactDidEvents(db, workspaceId, contactId, names);
  const tickedIds = new Set(ticked.map((t) => t.item));
  return content.items.filter((i) => tickedIds.has(i.id) || (i.event && did.has(i.event))).map((i) => i.id);
}

// The delivery engine asks this for every checklist it sends: the contact's progress goes along.
registerDeliveryHook('checklist', async ({ db, workspaceId, contactId, campaignId, content }) => {
  const parsed = ChecklistContent.safeParse(content);
  if (!parsed.success) return content;
  return { ...content, done: await doneItems(db, workspaceId, campaignId, contactId, parsed.data) };
});

/** Survey answers and results, and checklist progress: the per-contact state of in-app guides. */
export function createGuidesService(ctx: Ctx, deps: { contacts: ContactsService }) {
  const db = ctx.db;
  return {
    async answer(viewer: GuideViewer, campaignId: string, body: SurveyAnswerBody): Promise<void> {
      const { content } = await campaignOf(db, viewer.workspaceId, campaignId, 'survey');
      const question = content.questions.find((q) => q.id === body.question_id);
      if (!question) throw badField('body.question_id', 'No such question in this survey');
      const answer = validAnswer(question, body.answer);
      if (answer === null) throw badField('body.answer', `Not an answer to a ${question.kind} question`);
      const score = typeof answer === 'number' ? answer : null;
      const row = { workspaceId: viewer.workspaceId, campaignId, contactId: viewer.contactId, questionId: question.id, answer, score, answeredAt: new Date() };
      await db
        .insert(surveyAnswers)
        .values(row)
        .onConflictDoUpdate({ target: [surveyAnswers.workspaceId, surveyAnswers.campaignId, surveyAnswers.contactId, surveyAnswers.questionId], set: { answer, score, answeredAt: row.answeredAt } });
      await deps.contacts.trackEvent(viewer.workspaceId, {
        contact_id: viewer.contactId,
        name: 'survey_answered',
        properties: { campaign_id: campaignId, question_id: question.id, question_kind: question.kind, ...(score === null ? {} : { score }) },
      });
    },

    async results(workspaceId: string, campaignId: string): Promise<SurveyResults> {
      const { name, content } = await campaignOf(db, workspaceId, campaignId, 'survey');
      const where = and(eq(surveyAnswers.workspaceId, workspaceId), eq(surveyAnswers.campaignId, campaignId));
      const counts = await db
        .select({ question: surveyAnswers.questionId, answer: surveyAnswers.answer, n: sql<number>`count(*)::int` })
        .from(surveyAnswers)
        .where(where)
        .groupBy(surveyAnswers.questionId, surveyAnswers.answer);
      const [{ respondents } = { respondents: 0 }] = await db
        .select({ respondents: sql<number>`count(distinct ${surveyAnswers.contactId})::int` })
        .from(surveyAnswers)
        .where(where);
      const questions = [];
      for (const q of content.questions) {
        const mine: AnswerCount[] = counts.filter((c) => c.question === q.id);
        const texts =
          q.kind === 'text'
            ? (await db.select({ answer: surveyAnswers.answer }).from(surveyAnswers).where(and(where, eq(surveyAnswers.questionId, q.id))).orderBy(desc(surveyAnswers.answeredAt)).limit(50)).map((r) => String(r.answer))
            : [];
        questions.push(summarize(q, mine, texts));
      }
      return { campaign_id: campaignId, name, respondents, questions };
    },

    async tick(viewer: GuideViewer, campaignId: string, itemId: string): Promise<{ done: string[] }> {
      const { content } = await campaignOf(db, viewer.workspaceId, campaignId, 'checklist');
      if (!content.items.some((i) => i.id === itemId)) throw badField('item', 'No such item in this checklist');
      await db.insert(checklistTicks).values({ workspaceId: viewer.workspaceId, campaignId, contactId: viewer.contactId, itemId }).onConflictDoNothing();
      await deps.contacts.trackEvent(viewer.workspaceId, { contact_id: viewer.contactId, name: 'checklist_item_done', properties: { campaign_id: campaignId, item_id: itemId } });
      return { done: await doneItems(db, viewer.workspaceId, campaignId, viewer.contactId, content) };
    },

    async progress(viewer: GuideViewer, campaignId: string): Promise<{ done: string[] }> {
      const { content } = await campaignOf(db, viewer.workspaceId, campaignId, 'checklist');
      return { done: await doneItems(db, viewer.workspaceId, campaignId, viewer.contactId, content) };
    },
  };
}

export type GuidesService = ReturnType<typeof createGuidesService>;
