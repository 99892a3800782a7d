import { useEffect, useRef } from 'preact/hooks';
import type { HelpArticleRef, HelpSearchHit } from '../../../contracts/help.ts';
import type { Actions } from '../messenger/actions.ts';
import type { Runtime } from '../runtime.ts';
import { helpFor, type HelpSource, type HelpView } from './controller.ts';
import { articleHtml } from './html.ts';
import { useHelp } from './useHelp.ts';

interface Props {
  runtime: Runtime;
  actions: Actions;
}

/** The help space's screens inside the Messenger panel. */
export function HelpScreen({ runtime, actions, view }: Props & { view: HelpView }) {
  if (view.name === 'help') return <HelpHomeScreen runtime={runtime} />;
  if (view.name === 'collection') return <CollectionScreen runtime={runtime} id={view.id} />;
  return <ArticleScreen runtime={runtime} actions={actions} />;
}

export function ArticleList({ runtime, items, source }: { runtime: Runtime; items: (HelpArticleRef | HelpSearchHit)[]; source: HelpSource }) {
  const help = helpFor(runtime);
  return (
    <ul class="list" data-testid="help-articles">
      {items.map((a) => (
        <li key={a.id}>
          <button type="button" class="row article-row" onClick={() => void help.openArticle(a.id, source)} data-testid="help-article-link" data-article-id={a.id}>
            <span class="article-title">{'title_highlight' in a ? <span dangerouslySetInnerHTML={{ __html: a.title_highlight }} /> : a.title}</span>
            {'snippet' in a && a.snippet ? <span class="article-snippet" dangerouslySetInnerHTML={{ __html: a.snippet }} /> : a.description ? <span class="article-snippet">{a.description}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

function HelpHomeScreen({ runtime }: { runtime: Runtime }) {
  const help = helpFor(runtime);
  const state = useHelp(help);
  const t = help.t;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => void help.loadHome(), [help]);
  const onInput = (e: Event) => {
    const q = (e.target as HTMLInputElement).value;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void help.search(q).catch((err: unknown) => console.warn('[Baton Messenger] search failed', err)), 250);
  };
  const home = state.home;
  return (
    <div class="body help" data-testid="help-space">
      <h3 class="subtitle">{t('help')}</h3>
      <input type="search" class="help-search" placeholder={t('searchPlaceholder')} aria-label={t('searchPlaceholder')} defaultValue={state.query} onInput={onInput} data-autofocus data-testid="help-search" />
      {state.results ? (
        state.results.length ? <ArticleList runtime={runtime} items={state.results} source="search" /> : <p class="muted" data-testid="help-no-results">{t('noResults', { query: state.query.trim() })}</p>
      ) : !home ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <>
          <h4 class="section">{t('collections')}</h4>
          <ul class="list">
            {home.collections.filter((c) => c.articles.length > 0).map((c) => (
              <li key={c.id}>
                <button type="button" class="row article-row" onClick={() => help.openView({ name: 'collection', id: c.id })} data-testid="help-collection">
                  <span class="article-title">{c.name}</span>
                  {c.description && <span class="article-snippet">{c.description}</span>}
                </button>
              </li>
            ))}
          </ul>
          {home.articles.length > 0 && <ArticleList runtime={runtime} items={home.articles} source="collection" />}
        </>
      )}
      {home && (
        <a class="link" href={home.help_center_url} target="_blank" rel="noopener noreferrer" data-testid="help-center-link">
          {t('openHelpCenter')}
        </a>
      )}
    </div>
  );
}

function CollectionScreen({ runtime, id }: { runtime: Runtime; id: string }) {
  const help = helpFor(runtime);
  const state = useHelp(help);
  useEffect(() => void help.loadHome(), [help]);
  const c = state.home?.collections.find((x) => x.id === id);
  if (!state.home) return <div class="body"><p class="muted">{help.t('loading')}</p></div>;
  if (!c) return <div class="body"><p class="notice">{help.t('notFound')}</p></div>;
  return (
    <div class="body help" data-testid="help-collection-view">
      <h3 class="subtitle">{c.name}</h3>
      {c.description && <p class="muted">{c.description}</p>}
      <ArticleList runtime={runtime} items={c.articles} source="collection" />
    </div>
  );
}

function ArticleScreen({ runtime, actions }: Props) {
  const help = helpFor(runtime);
  const state = useHelp(help);
  const t = help.t;
  const a = state.article;
  if (!a || (!a.data && !a.failed)) return <div class="body"><p class="muted">{t('loading')}</p></div>;
  if (!a.data) return <div class="body"><p class="notice" data-testid="help-article-missing">{t('notFound')}</p></div>;
  const article = a.data;
  return (
    <div class="body help" data-testid="help-article" data-article-id={article.id}>
      {article.collection && <p class="crumb">{article.collection.name}</p>}
      <h3 class="article-heading" lang={article.locale}>{article.title}</h3>
      <div class="article" lang={article.locale} dangerouslySetInnerHTML={{ __html: articleHtml(article.html, runtime.base) }} />
      <a class="link" href={article.url} target="_blank" rel="noopener noreferrer" data-testid="help-full-article">
        {t('openFullArticle')}
      </a>
      {article.tour_id && (
        <button
          type="button"
          class="link"
          data-testid="help-take-tour"
          onClick={() => {
            // The tour runs on the page itself: the Messenger steps aside for it.
            runtime.command('hide', []);
            runtime.command('startTour', [article.tour_id]);
          }}
        >
          {t('takeTour')}
        </button>
      )}
      {runtime.store.get().session?.can_chat && (
        <button type="button" class="link" onClick={() => actions.newMessage(runtime.store.get().draft)}>
          {runtime.t('newConversation')}
        </button>
      )}
    </div>
  );
}
