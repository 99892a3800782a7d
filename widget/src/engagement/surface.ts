import type { Runtime, Surface } from '../runtime.ts';
import { watchPath } from '../help/nav.ts';
import css from './engagement.css?inline';
import { CampaignEngine } from './engine.ts';
import { tourInProgress } from './renderers/tour-session.ts';
import { pickRequested } from '../picker/request.ts';

/**
 * In-app campaigns on the host page: asks for a decision at boot, at every single-page
 * navigation and after each tracked event, and answers `showCampaign` (and the named starts of
 * tours, checklists and surveys, which the loader routes here by COMMAND_CHUNKS) with a manual
 * decision. A tour in progress in this tab resumes at boot.
 */
export function createEngagement(): Surface {
  let engine: CampaignEngine | null = null;
  let stop: (() => void) | null = null;
  const manual = (id: unknown) => {
    if (typeof id !== 'string') throw new Error('needs a campaign id');
    return engine?.decide({ type: 'manual', campaign_id: id });
  };
  return {
    id: 'engagement',
    commands: { showCampaign: manual, startTour: manual, startChecklist: manual, startSurvey: manual },
    mount(root: HTMLElement, runtime: Runtime) {
      // The admin's builder opened this page to pick an element: no campaigns, no receipts from this visit.
      if (pickRequested()) {
        let off: (() => void) | null = null;
        void import('../picker/picker.ts').then((m) => (off = m.startPicker(root, runtime)));
        stop = () => off?.();
        return;
      }
      const style = document.createElement('style');
      style.textContent = css;
      root.appendChild(style);
      const e = new CampaignEngine(root, {
        http: () => runtime.http,
        locale: () => runtime.locale,
        openMessenger: () => runtime.command('show', []),
        onTracked: (cb) => runtime.onTracked(cb),
      });
      engine = e;
      void e.decide({ type: 'page_view' });
      // A tour this tab was in the middle of (before a reload) carries on; the server still refuses one dismissed for good.
      const resume = tourInProgress();
      if (resume) void e.decide({ type: 'manual', campaign_id: resume.id });
      const unwatch = watchPath(() => e.navigated());
      const untrack = runtime.onTracked((name) => void e.decide({ type: 'event', event: name }));
      stop = () => {
        unwatch();
        untrack();
        e.stop();
      };
    },
    unmount() {
      stop?.();
      stop = null;
      engine = null;
    },
  };
}

export default createEngagement;
