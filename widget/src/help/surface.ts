import type { Runtime, Surface } from '../runtime.ts';
import { helpFor, HELP_LINKS_FLAG } from './controller.ts';
import css from './help.css?inline';
import { startHelpLinks } from './links.ts';
import { watchPath } from './nav.ts';

/**
 * In-product help on the host page: `data-baton-article` help links and the `showArticle`
 * command, both opening the article in the Messenger; and the page's path, followed through
 * single-page navigation, for the suggestions the Messenger's home shows.
 */
export function createHelp(): Surface {
  let stop: (() => void) | null = null;
  let mounted: Runtime | null = null;
  return {
    id: 'help',
    commands: {
      showArticle: (ref: unknown) => {
        if (typeof ref !== 'string' && typeof ref !== 'number') throw new Error('showArticle needs an article id or slug');
        return mounted && helpFor(mounted).openArticle(String(ref), 'api');
      },
    },
    mount(root: HTMLElement, runtime: Runtime) {
      mounted = runtime;
      const style = document.createElement('style');
      style.textContent = css;
      root.appendChild(style);
      const help = helpFor(runtime);
      const links = startHelpLinks({ label: help.t('learnMore'), open: (ref) => void help.linkClicked(ref), shown: (ref) => help.linkShown(ref) });
      const unflags = runtime.flags.subscribe((flags) => links.setVisible(flags[HELP_LINKS_FLAG] === true));
      help.setPath(location.pathname);
      const unwatch = watchPath((path) => help.setPath(path));
      stop = () => {
        links.stop();
        unflags();
        unwatch();
      };
    },
    unmount() {
      stop?.();
      stop = null;
      mounted = null;
    },
  };
}

export default createHelp;
