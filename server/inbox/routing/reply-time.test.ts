import { describe, expect, it } from 'vitest';
import type { OfficeHours } from '../../../contracts/routing.ts';
import { expectedReply } from './reply-time.ts';

const almaty: OfficeHours = { time_zone: 'Asia/Almaty', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };
const tuesdayNoon = new Date('2026-12-01T07:00:00Z');
const fridayEvening = new Date('2026-12-04T14:00:00Z');

describe('expectedReply', () => {
  it('promises the recent median first response, in whole minutes rounded up', () => {
    const minutes = (medianSeconds: number) => expectedReply({ now: tuesdayNoon, hours: almaty, medianSeconds }).reply_minutes;
    expect([minutes(5), minutes(90), minutes(600), minutes(3 * 3600 + 1)]).toEqual([1, 2, 10, 181]);
  });
  it('says when a closed team is back, and promises no speed it has never shown', () => {
    expect(expectedReply({ now: fridayEvening, hours: almaty, medianSeconds: 240 })).toEqual({ reply_minutes: 4, back_at: '2026-12-07T04:00:00.000Z' });
    expect(expectedReply({ now: tuesdayNoon, hours: almaty, medianSeconds: null })).toEqual({ reply_minutes: null, back_at: null });
    expect(expectedReply({ now: fridayEvening, hours: null, medianSeconds: null })).toEqual({ reply_minutes: null, back_at: null });
  });
});
