import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { OfficeHours } from '../../../contracts/routing.ts';
import { addBusinessMinutes, instantOf, isOpen, nextOpening, openSecondsBetween } from './office-hours.ts';

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
/** Mon–Fri 09:00–17:00 in Almaty (UTC+5 all year), closed on 16 and 17 December 2026. */
const almaty: OfficeHours = { time_zone: 'Asia/Almaty', weekly: weekdays('09:00', '17:00'), holidays: ['2026-12-16', '2026-12-17'] };
const berlin: OfficeHours = { time_zone: 'Europe/Berlin', weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };
const at = (iso: string) => new Date(iso);

describe('office hours', () => {
  it('turns local wall-clock times into instants, across daylight saving', () => {
    expect(instantOf({ y: 2026, m: 12, d: 1 }, 9 * 60, 'Asia/Almaty').toISOString()).toBe('2026-12-01T04:00:00.000Z');
    expect(instantOf({ y: 2026, m: 7, d: 1 }, 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(instantOf({ y: 2026, m: 1, d: 1 }, 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-01-01T08:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: it moves forward to 03:30.
    expect(instantOf({ y: 2026, m: 3, d: 29 }, 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('is open inside the hours, closed outside, at weekends and on holidays', () => {
    expect(isOpen(almaty, at('2026-12-01T04:00:00Z'))).toBe(true); // Tue 09:00
    expect(isOpen(almaty, at('2026-12-01T11:59:59Z'))).toBe(true); // Tue 16:59:59
    expect(isOpen(almaty, at('2026-12-01T12:00:00Z'))).toBe(false); // Tue 17:00
    expect(isOpen(almaty, at('2026-12-05T06:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(almaty, at('2026-12-16T06:00:00Z'))).toBe(false); // holiday (Wednesday)
  });

  it('finds the next opening: now when open, Monday 09:00 after Friday evening, after holidays', () => {
    expect(nextOpening(almaty, at('2026-12-01T05:00:00Z'))!.toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(nextOpening(almaty, at('2026-12-04T13:00:00Z'))!.toISOString()).toBe('2026-12-07T04:00:00.000Z');
    expect(nextOpening(almaty, at('2026-12-15T12:30:00Z'))!.toISOString()).toBe('2026-12-18T04:00:00.000Z');
    expect(nextOpening({ ...almaty, weekly: [] }, at('2026-12-01T00:00:00Z'))).toBeNull();
  });

  it('counts business minutes: a 2-hour target set at 16:00 on Friday falls due at 10:00 on Monday', () => {
    expect(addBusinessMinutes(almaty, at('2026-12-04T11:00:00Z'), 120)!.toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(addBusinessMinutes(almaty, at('2026-12-01T05:00:00Z'), 30)!.toISOString()).toBe('2026-12-01T05:30:00.000Z');
    // Two working days of 8 hours from Tuesday 15 Dec 09:00 skip the two holidays: Friday 17:00.
    expect(addBusinessMinutes(almaty, at('2026-12-15T04:00:00Z'), 16 * 60)!.toISOString()).toBe('2026-12-18T12:00:00.000Z');
    // A night in Berlin over the switch to summer time is still 16 hours closed.
    expect(addBusinessMinutes(berlin, at('2026-03-28T15:30:00Z'), 60)!.toISOString()).toBe('2026-03-29T07:30:00.000Z');
    expect(addBusinessMinutes({ ...almaty, weekly: [] }, at('2026-12-01T00:00:00Z'), 5)).toBeNull();
  });

  it('a due time is never earlier than calendar time, and never inside closed hours', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 5000 }), (start, minutes) => {
        const due = addBusinessMinutes(almaty, start, minutes)!;
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime() + minutes * 60_000);
        // Due at the end of an interval is allowed (the last open minute), so look just before it.
        expect(isOpen(almaty, new Date(due.getTime() - 1))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('counts open time between two instants: Friday 16:00 to Monday 10:00 is 2 hours, holidays and nights count nothing', () => {
    expect(openSecondsBetween(almaty, at('2026-12-04T11:00:00Z'), at('2026-12-07T05:00:00Z'))).toBe(2 * 3600);
    expect(openSecondsBetween(almaty, at('2026-12-05T06:00:00Z'), at('2026-12-06T06:00:00Z'))).toBe(0);
    expect(openSecondsBetween(almaty, at('2026-12-15T11:00:00Z'), at('2026-12-18T05:00:00Z'))).toBe(2 * 3600);
    expect(openSecondsBetween(berlin, at('2026-03-28T15:30:00Z'), at('2026-03-29T07:30:00Z'))).toBe(3600);
    expect(openSecondsBetween(almaty, at('2026-12-02T05:00:00Z'), at('2026-12-01T05:00:00Z'))).toBeNull();
  });

  it('open time up to a due time is the target it was set for', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 5000 }), (start, minutes) => {
        const due = addBusinessMinutes(almaty, start, minutes)!;
        expect(openSecondsBetween(almaty, start, due)).toBeCloseTo(minutes * 60, 3);
      }),
      { numRuns: 200 },
    );
  });
});
