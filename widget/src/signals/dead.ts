export const DEAD_CLICK_MS = 1000;

interface Pending<T> {
  t: number;
  target: T;
}

/**
 * Dead clicks: a click on something that looks clickable after which, for `windowMs`, the page
 * neither changed nor navigated. The caller reports clicks and changes with their timestamps and
 * asks for the clicks whose window closed quietly.
 */
export class DeadClicks<T> {
  private pending: Pending<T>[] = [];

  constructor(private readonly windowMs = DEAD_CLICK_MS) {}

  click(t: number, target: T): void {
    this.pending.push({ t, target });
  }

  /** The page changed (DOM mutation, navigation) at `t`: every click before it had an effect. */
  changed(t: number): void {
    this.pending = this.pending.filter((p) => p.t > t);
  }

  /** Clicks whose window has passed without a change, oldest first; they are forgotten. */
  due(now: number): T[] {
    const out = this.pending.filter((p) => now - p.t >= this.windowMs);
    this.pending = this.pending.filter((p) => now - p.t < this.windowMs);
    return out.map((p) => p.target);
  }
}
