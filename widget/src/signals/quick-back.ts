export interface QuickBackOptions {
  /** A page left for the one before it within this long counts as a quick back. */
  quickMs: number;
  /** How many quick backs make a signal… */
  times: number;
  /** …within this long. */
  windowMs: number;
}

export const QUICK_BACK_DEFAULTS: QuickBackOptions = { quickMs: 5000, times: 2, windowMs: 5 * 60_000 };

interface Visit {
  path: string;
  at: number;
}

export interface QuickBackState {
  visits: Visit[];
  backs: { from: string; at: number }[];
}

export interface QuickBack {
  /** The page returned to. */
  path: string;
  /** The pages left quickly, in order. */
  pages: string[];
  /** How long the last of them was looked at. */
  seconds: number;
}

/**
 * Quick backs: arriving at a page and going straight back to the one before it, within a few
 * seconds, more than once. Its state is plain data, so the caller can keep it across the page
 * loads of a site that is not a single-page app.
 */
export class QuickBacks {
  private s: QuickBackState;

  constructor(
    saved?: QuickBackState | null,
    private readonly o: QuickBackOptions = QUICK_BACK_DEFAULTS,
  ) {
    this.s = saved && Array.isArray(saved.visits) && Array.isArray(saved.backs) ? saved : { visits: [], backs: [] };
  }

  get state(): QuickBackState {
    return this.s;
  }

  /** Arrived at `path` at `now`; a signal when this makes enough quick backs. */
  arrive(path: string, now: number): QuickBack | null {
    const [before, left] = this.s.visits.slice(-2);
    if (left?.path === path) return null;
    const backs = this.s.backs.filter((b) => now - b.at <= this.o.windowMs);
    const quick = before && left && before.path === path && now - left.at <= this.o.quickMs;
    if (quick) backs.push({ from: left.path, at: now });
    this.s = { visits: [...this.s.visits, { path, at: now }].slice(-2), backs };
    if (!quick || backs.length < this.o.times) return null;
    this.s.backs = [];
    return { path, pages: backs.map((b) => b.from), seconds: Math.round((now - left.at) / 100) / 10 };
  }
}
