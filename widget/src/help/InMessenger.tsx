import { useEffect } from 'preact/hooks';
import type { Runtime } from '../runtime.ts';
import { helpFor } from './controller.ts';
import { ArticleList } from './HelpScreens.tsx';
import { useHelp } from './useHelp.ts';

/** On the Messenger's home: the articles suggested for this page, and the way into the help space. */
export function HelpOnHome({ runtime }: { runtime: Runtime }) {
  const help = helpFor(runtime);
  const state = useHelp(help);
  const t = help.t;
  useEffect(() => void help.loadHome(), [help]);
  const suggested = state.home ? help.pageSuggestions() : [];
  const ids = suggested.map((a) => a.id).join(' ');
  useEffect(() => {
    if (ids) help.shownOnPage(ids.split(' '));
  }, [ids, state.path]);
  return (
    <>
      {suggested.length > 0 && (
        <section class="card" data-testid="help-page-suggestions" aria-label={t('suggestedHere')}>
          <p class="section">{t('suggestedHere')}</p>
          <ArticleList runtime={runtime} items={suggested} source="page" />
        </section>
      )}
      <button type="button" class="row" onClick={() => help.openView({ name: 'help' })} data-testid="help-open" data-loaded={state.home !== null}>
        <span class="preview">{t('searchPlaceholder')}</span>
      </button>
    </>
  );
}

/** Above the composer of a new question: articles that may answer it before it is sent. */
export function QuestionSuggestions({ runtime }: { runtime: Runtime }) {
  const help = helpFor(runtime);
  const state = useHelp(help);
  // The store's draft, not a screen's copy of it: a key pressed before a re-render counts too.
  const hits = help.enabled && state.typing.query === runtime.store.get().draft.trim() ? state.typing.hits : [];
  if (!hits.length) return null;
  return (
    <div class="suggestions" data-testid="help-question-suggestions" aria-live="polite">
      <p class="muted">{help.t('suggestedForQuestion')}</p>
      <ArticleList runtime={runtime} items={hits} source="typing" />
    </div>
  );
}
