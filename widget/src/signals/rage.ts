export interface RageOptions {
  clicks: number;
  windowMs: number;
  radiusPx: number;
}

export const RAGE_DEFAULTS: RageOptions = { clicks: 3, windowMs: 1000, radiusPx: 30 };

interface Click {
  t: number;
  x: number;
  y: number;
}

/**
 * Rage clicks: `clicks` or more clicks within `windowMs`, each within `radiusPx` of the last. A
 * burst is reported once, when it reaches the threshold; it ends when the clicks stop or move away.
 * Clicks on things meant for repeated clicking never reach this (the caller filters them).
 */
export class RageClicks {
  private burst: Click[] = [];
  private reported = false;

  constructor(private readonly o: RageOptions = RAGE_DEFAULTS) {}

  /** The burst's click count when this click makes it a rage click, else null. */
  click(t: number, x: number, y: number): number | null {
    const last = this.burst.at(-1);
    const near = last && t - last.t <= this.o.windowMs && Math.hypot(x - last.x, y - last.y) <= this.o.radiusPx;
    if (!near) {
      this.burst = [];
      this.reported = false;
    }
    this.burst = [...this.burst.filter((c) => t - c.t <= this.o.windowMs), { t, x, y }];
    if (this.reported || this.burst.length < this.o.clicks) return null;
    this.reported = true;
    return this.burst.length;
  }
}
