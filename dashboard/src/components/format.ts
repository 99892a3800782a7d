import { i18n } from '../i18n/index.ts';

/**
 * Some browsers claim a locale they carry no data for (Chromium's ICU and Kazakh) and then
 * format with the root locale: "-3 h", "2026 M11 24". For those we write relative times from
 * our own translations and dates in the numeric dd.mm.yyyy form that Kazakhstan uses.
 */
const hasData = new Map<string, boolean>();
function intlKnows(locale: string): boolean {
  let known = hasData.get(locale);
  if (known === undefined) {
    known = !new Intl.RelativeTimeFormat(locale).format(-3, 'hour').startsWith('-');
    hasData.set(locale, known);
  }
  return known;
}

const NUMERIC_FALLBACK = 'ru';

function dateFormat(options: Intl.DateTimeFormatOptions, numeric: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = i18n.language;
  return intlKnows(locale) ? new Intl.DateTimeFormat(locale, options) : new Intl.DateTimeFormat(NUMERIC_FALLBACK, numeric);
}

/** Dates and numbers follow the UI language, not the browser's. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateFormat(
    { dateStyle: 'medium', timeStyle: 'short' },
    { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  ).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateFormat({ dateStyle: 'medium' }, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number, string][] = [
  ['year', 365 * 24 * 3600, 'time.years'],
  ['month', 30 * 24 * 3600, 'time.months'],
  ['day', 24 * 3600, 'time.days'],
  ['hour', 3600, 'time.hours'],
  ['minute', 60, 'time.minutes'],
];

export function formatRelative(iso: string | null | undefined): string {
  if (!iso) return '—';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const locale = i18n.language;
  const unit = UNITS.find(([, size]) => Math.abs(seconds) >= size);
  if (!intlKnows(locale)) {
    if (!unit || seconds > 0) return i18n.t('time.justNow');
    return i18n.t(unit[2], { count: Math.round(-seconds / unit[1]) });
  }
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return unit ? rtf.format(Math.round(seconds / unit[1]), unit[0]) : rtf.format(Math.round(seconds), 'second');
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const locale = i18n.language;
  return new Intl.NumberFormat(intlKnows(locale) ? locale : NUMERIC_FALLBACK).format(n);
}

export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return i18n.t(v ? 'common.yes' : 'common.no');
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The text of sanitized message HTML, for one-line previews (a template's content never runs). */
export function plainText(html: string): string {
  const t = document.createElement('template');
  t.innerHTML = html;
  return (t.content.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A length of time in seconds as "45 s", "3 min" or "2.5 h"; a dash when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
