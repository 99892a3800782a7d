import { useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Card, Group, MultiSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PageSuggestion } from '../../../../contracts/help.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useArticles } from '../../api/knowledge.ts';
import { usePageSuggestions, useSavePageSuggestions } from '../../api/page-suggestions.ts';
import { QueryState } from '../../components/QueryState.tsx';

/** "On /settings/billing suggest these three": product pages mapped to articles for the Messenger's home. */
export function PageSuggestionsCard() {
  const rules = usePageSuggestions();
  const articles = useArticles();
  return (
    <QueryState query={rules}>
      {(list) => (
        <QueryState query={articles}>
          {(all) => (
            <RulesForm
              initial={list}
              options={all
                .filter((a) => a.translations.some((t) => t.state === 'published'))
                .map((a) => ({ value: a.id, label: (a.translations.find((t) => t.state === 'published') ?? a.translations[0]!).title }))}
            />
          )}
        </QueryState>
      )}
    </QueryState>
  );
}

function RulesForm({ initial, options }: { initial: PageSuggestion[]; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const save = useSavePageSuggestions();
  const [rules, setRules] = useState(initial);
  const errors = fieldErrors(save.error);
  const set = (i: number, patch: Partial<PageSuggestion>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(rules.filter((r) => r.pattern.trim() || r.article_ids.length).map((r) => ({ ...r, pattern: r.pattern.trim() })));
  };
  return (
    <Card withBorder data-testid="page-suggestions">
      <form onSubmit={submit}>
        <Stack>
          <Group justify="space-between">
            <Title order={3} size="h4">
              {t('helpInProduct.title')}
            </Title>
            <Button size="compact-xs" variant="default" leftSection={<IconPlus size={12} />} onClick={() => setRules([...rules, { pattern: '', article_ids: [] }])} disabled={rules.length >= 200}>
              {t('helpInProduct.add')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('helpInProduct.help')}
          </Text>
          {rules.length === 0 && <Text size="sm">{t('helpInProduct.empty')}</Text>}
          {rules.map((r, i) => (
            <Group key={i} align="flex-start" wrap="nowrap">
              <TextInput
                aria-label={t('helpInProduct.pattern')}
                placeholder="/settings/billing"
                value={r.pattern}
                onChange={(e) => set(i, { pattern: e.currentTarget.value })}
                error={errors[`data.${i}.pattern`]}
                w={220}
              />
              <MultiSelect
                aria-label={t('helpInProduct.articles')}
                placeholder={t('helpInProduct.articles')}
                data={options}
                value={r.article_ids}
                onChange={(v) => set(i, { article_ids: v })}
                maxValues={10}
                searchable
                error={Object.entries(errors).find(([k]) => k.startsWith(`data.${i}.article_ids`))?.[1]}
                style={{ flex: 1 }}
              />
              <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => setRules(rules.filter((_, j) => j !== i))} mt={4}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
          {save.error && !Object.keys(errors).length ? <Alert color="red">{describeError(save.error, t).message}</Alert> : null}
          {save.isSuccess && <Alert color="green">{t('helpInProduct.saved')}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('helpInProduct.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
