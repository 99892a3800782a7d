import type { SegmentCreate } from '../../../contracts/segments.ts';

/** Segments of the demo workspace, over the demo data's own attributes and events. */
export const DEMO_SEGMENTS: SegmentCreate[] = [
  {
    name: 'Active Pro users',
    description: 'On the Pro plan and signed in during the last two weeks.',
    rule: {
      type: 'group',
      match: 'all',
      conditions: [
        { type: 'field', field: 'attributes.plan', op: 'eq', value: 'pro' },
        { type: 'event', event: 'signed_in', op: 'did', within_days: 14 },
      ],
    },
  },
  {
    name: 'Signed up, no project yet',
    description: 'Joined in the last 60 days and never created a project: candidates for onboarding help.',
    rule: {
      type: 'group',
      match: 'all',
      conditions: [
        { type: 'field', field: 'signed_up_at', op: 'within_last_days', value: 60 },
        { type: 'event', event: 'project_created', op: 'did_not' },
      ],
    },
  },
  {
    name: 'Free and starter companies',
    target: 'company',
    rule: {
      type: 'group',
      match: 'any',
      conditions: [
        { type: 'field', field: 'plan', op: 'eq', value: 'free' },
        { type: 'field', field: 'plan', op: 'eq', value: 'starter' },
      ],
    },
  },
];
