const KEY = 'baton.tour';

/**
 * The tour in progress in this tab and its step, kept in sessionStorage: a reload (or a page of
 * the app that is not a single-page navigation) resumes it where the visitor was.
 */
export function tourInProgress(): { id: string; step: number } | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { id?: unknown; step?: unknown } | null;
    return saved && typeof saved.id === 'string' && typeof saved.step === 'number' ? { id: saved.id, step: saved.step } : null;
  } catch {
    return null;
  }
}

export function saveTourStep(id: string, step: number): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ id, step }));
  } catch {
    // Storage refused (private mode, quota): the tour still runs, it just does not resume.
  }
}

export function endTour(id: string): void {
  try {
    if (tourInProgress()?.id === id) sessionStorage.removeItem(KEY);
  } catch {
    // As above: nothing was saved.
  }
}
