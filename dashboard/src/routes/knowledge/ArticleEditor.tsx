import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Drawer,
  FileButton,
  Grid,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Typography,
} from '@mantine/core';
import { IconArrowLeft, IconExternalLink, IconHistory, IconPhoto } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { describeError, fieldErrors } from '../../api/errors.ts';
import {
  renderPreview,
  uploadImage,
  useArticle,
  useCollections,
  useDeleteArticle,
  useHelpCenterSettings,
  usePublish,
  useRestoreRevision,
  useRevisions,
  useSaveTranslation,
  useUpdateArticle,
  type TranslationDraft,
} from '../../api/knowledge.ts';
import type { Article } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatRelative } from '../../components/format.ts';
import { articleTitle, collectionName } from './KnowledgeHome.tsx';
import { statusOf } from './status.tsx';
import './article.css';

export default function ArticleEditor() {
  const { id = '' } = useParams();
  const article = useArticle(id);
  const settings = useHelpCenterSettings();
  return (
    <QueryState query={settings}>
      {(hc) => <QueryState query={article}>{(a) => <Editor article={a} locales={hc.locales} />}</QueryState>}
    </QueryState>
  );
}

const empty: TranslationDraft = { title: '', slug: '', description: '', body: '' };

function Editor({ article, locales }: { article: Article; locales: string[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const locale = params.get('locale') && locales.includes(params.get('locale')!) ? params.get('locale')! : (article.translations[0]?.locale ?? locales[0]!);
  const translation = article.translations.find((x) => x.locale === locale);
  const [draft, setDraft] = useState<TranslationDraft>(translation ?? empty);
  const [historyOpen, setHistoryOpen] = useState(false);
  const save = useSaveTranslation();
  const publish = usePublish();
  const remove = useDeleteArticle();
  const errors = fieldErrors(save.error);
  const status = statusOf(translation);
  const dirty = !translation || draft.title !== translation.title || draft.description !== translation.description || draft.body !== translation.body || draft.slug !== translation.slug;

  // Switching locale, saving or restoring loads that translation's saved text into the form;
  // a refetch for anything else (moving the article, say) keeps what is being typed, so the
  // effect is keyed on the saved version rather than on the translation object.
  const savedVersion = `${locale} ${translation?.updated_at ?? ''}`;
  useEffect(() => {
    setDraft(translation ? { title: translation.title, slug: translation.slug, description: translation.description, body: translation.body } : empty);
  }, [savedVersion]);

  const payload = () => ({ ...draft, slug: draft.slug || undefined });
  const onSave = () => save.mutate({ id: article.id, locale, draft: payload() });
  const onPublish = () =>
    dirty ? save.mutate({ id: article.id, locale, draft: payload() }, { onSuccess: () => publish.mutate({ id: article.id, locale, publish: true }) }) : publish.mutate({ id: article.id, locale, publish: true });

  return (
    <Stack>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Anchor component={Link} to="/knowledge" aria-label={t('knowledge.back')}>
            <IconArrowLeft size={18} />
          </Anchor>
          <Title order={2} data-testid="editor-title">
            {articleTitle(article, [locale, ...locales])}
          </Title>
        </Group>
        <ConfirmButton
          label={t('knowledge.article.delete')}
          question={t('knowledge.article.confirmDelete')}
          loading={remove.isPending}
          onConfirm={() => remove.mutate(article.id, { onSuccess: () => navigate('/knowledge') })}
        />
      </Group>
      <SegmentedControl
        value={locale}
        onChange={(l) => setParams({ locale: l })}
        data={locales.map((l) => ({ value: l, label: `${l} · ${t(`knowledge.status.${statusOf(article.translations.find((x) => x.locale === l))}`)}` }))}
        aria-label={t('knowledge.article.language')}
        data-testid="locale-switch"
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="sm">
            <TextInput label={t('knowledge.article.title')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} error={errors[`translations.${locale}.title`] ?? errors.title} required />
            <TextInput
              label={t('knowledge.article.slug')}
              description={t('knowledge.article.slugHelp')}
              value={draft.slug}
              onChange={(e) => setDraft({ ...draft, slug: e.currentTarget.value })}
              error={errors[`translations.${locale}.slug`] ?? errors.slug}
            />
            <TextInput label={t('knowledge.article.description')} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })} error={errors.description} />
            <BodyField value={draft.body} onChange={(body) => setDraft({ ...draft, body })} error={errors.body} />
            {save.error && !Object.keys(errors).length ? <Alert color="red">{describeError(save.error, t).message}</Alert> : null}
            {publish.error ? <Alert color="red">{describeError(publish.error, t).message}</Alert> : null}
            <Group>
              <Button onClick={onSave} loading={save.isPending} disabled={!dirty || !draft.title.trim()} variant="default" data-testid="save-draft">
                {t('knowledge.article.saveDraft')}
              </Button>
              <Button onClick={onPublish} loading={publish.isPending} disabled={!draft.title.trim() || (status === 'published' && !dirty)} data-testid="publish">
                {status === 'draft' || status === 'missing' ? t('knowledge.article.publish') : t('knowledge.article.publishChanges')}
              </Button>
              {translation?.state === 'published' && (
                <Button variant="subtle" color="red" onClick={() => publish.mutate({ id: article.id, locale, publish: false })} data-testid="unpublish">
                  {t('knowledge.article.unpublish')}
                </Button>
              )}
              {translation && (
                <Button variant="subtle" leftSection={<IconHistory size={14} />} onClick={() => setHistoryOpen(true)}>
                  {t('knowledge.revisions.title')}
                </Button>
              )}
              {translation?.url && (
                <Anchor href={translation.url} target="_blank" rel="noopener" size="sm" data-testid="public-link">
                  <Group gap={4}>
                    <IconExternalLink size={14} />
                    {t('knowledge.article.viewPublic')}
                  </Group>
                </Anchor>
              )}
            </Group>
            <Text size="xs" c="dimmed" data-testid="editor-status" data-status={status}>
              {t(`knowledge.status.${status}`)}
              {translation && ` · ${t('knowledge.updatedAgo', { when: formatRelative(translation.updated_at) })}`}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Preview body={draft.body} title={draft.title} />
        </Grid.Col>
      </Grid>
      <ArticleSettings article={article} locales={locales} />
      {translation && <History article={article} locale={locale} opened={historyOpen} onClose={() => setHistoryOpen(false)} />}
    </Stack>
  );
}

function BodyField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);

  /** Puts the uploaded image's markdown where the cursor is. */
  const insertImage = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const up = await uploadImage(file);
      const at = ref.current?.selectionStart ?? value.length;
      const alt = file.name.replace(/\.[^.]+$/, '').replace(/[[\]]/g, '');
      onChange(`${value.slice(0, at)}\n![${alt}](${up.url})\n${value.slice(at)}`);
    } catch (err) {
      setUploadError(err);
    } finally {
      setUploading(false);
    }
  };

  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t('knowledge.article.body')}
        </Text>
        <FileButton onChange={(f) => void insertImage(f)} accept="image/png,image/jpeg,image/gif,image/webp">
          {(props) => (
            <Button {...props} size="compact-xs" variant="default" leftSection={<IconPhoto size={12} />} loading={uploading}>
              {t('knowledge.article.addImage')}
            </Button>
          )}
        </FileButton>
      </Group>
      <Textarea
        ref={ref}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autosize
        minRows={14}
        maxRows={40}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        aria-label={t('knowledge.article.body')}
        description={t('knowledge.article.bodyHelp')}
        error={error}
        data-testid="body"
      />
      {uploadError ? <Alert color="red">{describeError(uploadError, t).message}</Alert> : null}
    </Stack>
  );
}

/** The server renders the preview with the published page's renderer and sanitizer, so what is seen is what readers get. */
function Preview({ body, title }: { body: string; title: string }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(body, 250);
  const [html, setHtml] = useState('');
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    renderPreview(debounced).then(
      (r) => current && (setHtml(r.html), setFailed(false)),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [debounced]);
  return (
    <Card withBorder padding="lg" h="100%">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb="xs">
        {t('knowledge.preview')}
      </Text>
      {failed && <Alert color="red">{t('knowledge.previewFailed')}</Alert>}
      <Typography>
        <h1>{title}</h1>
        {/* Sanitized by the server (sanitize-html, no script or event handlers). */}
        <div className="kb-article" data-testid="preview" dangerouslySetInnerHTML={{ __html: html }} />
      </Typography>
    </Card>
  );
}

function ArticleSettings({ article, locales }: { article: Article; locales: string[] }) {
  const { t } = useTranslation();
  const collections = useCollections();
  const update = useUpdateArticle();
  const [video, setVideo] = useState(article.video_url ?? '');
  const [tour, setTour] = useState(article.tour_id ?? '');
  const errors = fieldErrors(update.error);
  return (
    <Card withBorder>
      <Group align="flex-end">
        <Select
          label={t('knowledge.article.collection')}
          placeholder={t('knowledge.article.noCollection')}
          data={(collections.data ?? []).map((c) => ({ value: c.id, label: (c.parent_id ? '— ' : '') + collectionName(c, locales) }))}
          value={article.collection_id}
          onChange={(v) => update.mutate({ id: article.id, collection_id: v })}
          clearable
          w={280}
        />
        <TextInput
          label={t('knowledge.article.video')}
          description={t('knowledge.article.videoHelp')}
          placeholder="https://www.youtube.com/watch?v=…"
          value={video}
          onChange={(e) => setVideo(e.currentTarget.value)}
          onBlur={() => video !== (article.video_url ?? '') && update.mutate({ id: article.id, video_url: video.trim() || null })}
          error={errors.video_url}
          w={360}
        />
        <TextInput
          label={t('knowledge.article.tour')}
          description={t('knowledge.article.tourHelp')}
          value={tour}
          onChange={(e) => setTour(e.currentTarget.value)}
          onBlur={() => tour.trim() !== (article.tour_id ?? '') && update.mutate({ id: article.id, tour_id: tour.trim() || null })}
          error={errors.tour_id}
          w={240}
          data-testid="tour-id"
        />
        {article.source_conversation_id && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t('knowledge.article.fromConversation')}
            </Text>
            <Anchor component={Link} to={`/inbox/${article.source_conversation_id}`} size="sm" data-testid="source-conversation">
              {t('knowledge.article.openConversation')}
            </Anchor>
          </Stack>
        )}
      </Group>
    </Card>
  );
}

function History({ article, locale, opened, onClose }: { article: Article; locale: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const revisions = useRevisions(article.id, locale, opened);
  const restore = useRestoreRevision();
  return (
    <Drawer opened={opened} onClose={onClose} position="right" title={t('knowledge.revisions.title')} size="md">
      <QueryState query={revisions}>
        {(list) => (
          <Stack gap="xs" data-testid="revisions">
            {list.map((r, i) => (
              <Card key={r.id} withBorder padding="sm">
                <Group justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={600}>
                      {r.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`knowledge.revisions.kind.${r.kind}`)} · {formatRelative(r.created_at)}
                    </Text>
                  </div>
                  {i > 0 && (
                    <Button size="compact-xs" variant="default" loading={restore.isPending} onClick={() => restore.mutate({ id: article.id, locale, revisionId: r.id }, { onSuccess: onClose })}>
                      {t('knowledge.revisions.restore')}
                    </Button>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </QueryState>
    </Drawer>
  );
}
