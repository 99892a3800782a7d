/** 32-bit FNV-1a: the same visitor always lands in the same place of the sample. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Whether this visitor is in a sample of `rate` (0–1) of all visitors. */
export function inSample(visitorId: string, rate: number): boolean {
  return hash(visitorId) / 0x1_0000_0000 < rate;
}

/**
 * What one page load may send: the same signal on the same element once per `cooldownMs`, and
 * at most `max` in all — a broken page must not flood the contact's timeline.
 */
export class SignalBudget {
  private last = new Map<string, number>();
  private sent = 0;

  constructor(
    private readonly max = 20,
    private readonly cooldownMs = 10_000,
  ) {}

  allow(key: string, now: number): boolean {
    const prev = this.last.get(key);
    if (this.sent >= this.max || (prev !== undefined && now - prev < this.cooldownMs)) return false;
    this.last.set(key, now);
    this.sent += 1;
    return true;
  }
}
