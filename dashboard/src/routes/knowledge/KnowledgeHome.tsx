import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Anchor, Button, Card, Grid, Group, Modal, NavLink, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconChartBar, IconExternalLink, IconFolder, IconPencil, IconPlus, IconSearch, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useArticleSearch, useArticles, useCollections, useCreateArticle, useHelpCenterSettings } from '../../api/knowledge.ts';
import { useSignedInMe } from '../../api/auth.ts';
import { isManager } from '../../commands/registry.ts';
import type { Article, Collection } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatRelative } from '../../components/format.ts';
import { CollectionModal } from './CollectionModal.tsx';
import { LocaleBadge } from './status.tsx';

/** A collection's or article's name in the first locale it has, the default locale first. */
export const collectionName = (c: Collection, locales: string[]) =>
  (locales.map((l) => c.translations[l]).find(Boolean) ?? Object.values(c.translations)[0])?.name ?? '';
export const articleTitle = (a: Article, locales: string[]) =>
  (locales.map((l) => a.translations.find((t) => t.locale === l)).find(Boolean) ?? a.translations[0])?.title ?? '';

export default function KnowledgeHome() {
  const { t } = useTranslation();
  const settings = useHelpCenterSettings();
  const collections = useCollections();
  const articles = useArticles();
  const [params, setParams] = useSearchParams();
  const selected = params.get('collection');
  const [editing, setEditing] = useState<Collection | 'new' | null>(null);
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const me = useSignedInMe();
  // The palette's "New article" lands here with ?new=1.
  useEffect(() => {
    if (params.get('new') !== '1') return;
    setCreating(true);
    setParams((p) => {
      p.delete('new');
      return p;
    }, { replace: true });
  }, [params, setParams]);

  return (
    <QueryState query={settings}>
      {(hc) => (
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{t('knowledge.title')}</Title>
            <Group gap="xs">
              <Button variant="default" component={Link} to="/knowledge/analytics" leftSection={<IconChartBar size={14} />}>
                {t('knowledge.analytics.title')}
              </Button>
              {isManager(me.role) && (
                <Button variant="default" component={Link} to="/knowledge/settings" leftSection={<IconSettings size={14} />}>
                  {t('knowledge.settings.title')}
                </Button>
              )}
              <Button variant="default" component="a" href={hc.url} target="_blank" rel="noopener" leftSection={<IconExternalLink size={14} />}>
                {t('knowledge.openHelpCenter')}
              </Button>
              <Button variant="default" leftSection={<IconFolder size={14} />} onClick={() => setEditing('new')}>
                {t('knowledge.collection.new')}
              </Button>
              <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="new-article">
                {t('knowledge.article.new')}
              </Button>
            </Group>
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Card withBorder padding="xs">
                <QueryState query={collections}>
                  {(list) => (
                    <nav aria-label={t('knowledge.collections')}>
                      <NavLink label={t('knowledge.allArticles')} active={!selected} onClick={() => setParams({})} />
                      {list
                        .filter((c) => !c.parent_id)
                        .map((c) => (
                          <CollectionLink key={c.id} c={c} list={list} locales={hc.locales} selected={selected} onSelect={(id) => setParams({ collection: id })} onEdit={setEditing} />
                        ))}
                    </nav>
                  )}
                </QueryState>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 9 }}>
              <Stack gap="sm">
                <TextInput
                  leftSection={<IconSearch size={14} />}
                  placeholder={t('knowledge.search')}
                  aria-label={t('knowledge.search')}
                  value={q}
                  onChange={(e) => setQ(e.currentTarget.value)}
                  data-testid="article-search"
                />
                {q.trim() ? (
                  <SearchResults q={q} locale={hc.locales.includes(me.agent.locale) ? me.agent.locale : hc.default_locale} />
                ) : (
                  <QueryState query={articles}>
                    {(list) => <ArticleTable articles={list.filter((a) => !selected || a.collection_id === selected)} locales={hc.locales} />}
                  </QueryState>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
          {editing && collections.data && (
            <CollectionModal opened onClose={() => setEditing(null)} collection={editing === 'new' ? null : editing} collections={collections.data} locales={hc.locales} />
          )}
          {creating && collections.data && (
            <NewArticle onClose={() => setCreating(false)} collections={collections.data} locales={hc.locales} initialCollection={selected} />
          )}
        </Stack>
      )}
    </QueryState>
  );
}

function EditCollection({ c, onEdit }: { c: Collection; onEdit: (c: Collection) => void }) {
  const { t } = useTranslation();
  return (
    <ActionIcon
      variant="subtle"
      size="sm"
      component="span"
      aria-label={t('knowledge.collection.edit')}
      onClick={(e) => {
        // The icon sits inside the collection's link: editing must not also select it.
        e.stopPropagation();
        onEdit(c);
      }}
    >
      <IconPencil size={14} />
    </ActionIcon>
  );
}

function CollectionLink(props: { c: Collection; list: Collection[]; locales: string[]; selected: string | null; onSelect: (id: string) => void; onEdit: (c: Collection) => void }) {
  const { t } = useTranslation();
  const { c, list, locales, selected, onSelect, onEdit } = props;
  const children = list.filter((x) => x.parent_id === c.id);
  const link = (x: Collection, nested: Collection[]) => (
    <NavLink
      key={x.id}
      label={collectionName(x, locales)}
      description={t('knowledge.articleCount', { count: x.article_count })}
      active={selected === x.id}
      onClick={() => onSelect(x.id)}
      rightSection={<EditCollection c={x} onEdit={onEdit} />}
      opened={nested.length > 0}
      childrenOffset={16}
    >
      {nested.length > 0 ? nested.map((ch) => link(ch, [])) : undefined}
    </NavLink>
  );
  return link(c, children);
}

/** The readers' search, so authors see what readers get for a question. */
function SearchResults({ q, locale }: { q: string; locale: string }) {
  const { t } = useTranslation();
  const results = useArticleSearch(q.trim(), locale);
  if (results.isPending) return null;
  return (
    <QueryState query={results}>
      {(list) =>
        list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('knowledge.noResults')}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="search-results">
            {list.map((r) => (
              <Card key={`${r.article_id}-${r.locale}`} withBorder padding="sm">
                {/* Highlights come escaped from the search engine, with only <mark> added. */}
                <Anchor component={Link} to={`/knowledge/articles/${r.article_id}?locale=${encodeURIComponent(r.locale)}`} fw={600} dangerouslySetInnerHTML={{ __html: r.title_highlight }} />
                <Text size="sm" c="dimmed" dangerouslySetInnerHTML={{ __html: r.snippet }} />
              </Card>
            ))}
          </Stack>
        )
      }
    </QueryState>
  );
}

function ArticleTable({ articles, locales }: { articles: Article[]; locales: string[] }) {
  const { t } = useTranslation();
  if (articles.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('knowledge.noArticles')}
      </Text>
    );
  }
  return (
    <Table highlightOnHover data-testid="article-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('knowledge.article.title')}</Table.Th>
          <Table.Th>{t('knowledge.locales')}</Table.Th>
          <Table.Th>{t('knowledge.updated')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {articles.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <Anchor component={Link} to={`/knowledge/articles/${a.id}`}>
                {articleTitle(a, locales)}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {locales.map((l) => (
                  <LocaleBadge key={l} locale={l} translation={a.translations.find((x) => x.locale === l)} />
                ))}
              </Group>
            </Table.Td>
            <Table.Td>{formatRelative(a.updated_at)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function NewArticle({ onClose, collections, locales, initialCollection }: { onClose: () => void; collections: Collection[]; locales: string[]; initialCollection: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateArticle();
  const [title, setTitle] = useState('');
  const [locale, setLocale] = useState(locales[0]!);
  const [collection, setCollection] = useState<string | null>(initialCollection);
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { collection_id: collection, translations: { [locale]: { title } } },
      { onSuccess: (a) => navigate(`/knowledge/articles/${a.id}?locale=${encodeURIComponent(locale)}`) },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('knowledge.article.new')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('knowledge.article.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors[`translations.${locale}.title`]} data-autofocus />
          <Select label={t('knowledge.article.language')} data={locales} value={locale} onChange={(v) => v && setLocale(v)} allowDeselect={false} />
          <Select
            label={t('knowledge.article.collection')}
            placeholder={t('knowledge.article.noCollection')}
            data={collections.map((c) => ({ value: c.id, label: (c.parent_id ? '— ' : '') + collectionName(c, locales) }))}
            value={collection}
            onChange={setCollection}
            clearable
          />
          {create.error && !Object.keys(errors).length ? <Alert color="red">{describeError(create.error, t).message}</Alert> : null}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t('knowledge.article.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
