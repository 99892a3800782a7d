import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Tabs, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCreateCollection, useDeleteCollection, useUpdateCollection } from '../../api/knowledge.ts';
import type { Collection } from '../../api/types.ts';

type Texts = Record<string, { name: string; description: string }>;

/** Creates or edits a collection: its name and description in each locale, and its parent. */
export function CollectionModal({
  opened,
  onClose,
  collection,
  collections,
  locales,
}: {
  opened: boolean;
  onClose: () => void;
  collection: Collection | null;
  collections: Collection[];
  locales: string[];
}) {
  const { t } = useTranslation();
  const create = useCreateCollection();
  const update = useUpdateCollection();
  const remove = useDeleteCollection();
  const [texts, setTexts] = useState<Texts>(() => Object.fromEntries(locales.map((l) => [l, collection?.translations[l] ?? { name: '', description: '' }])));
  const [parent, setParent] = useState<string | null>(collection?.parent_id ?? null);
  const action = collection ? update : create;
  const errors = fieldErrors(action.error);
  const hasChildren = collection ? collections.some((c) => c.parent_id === collection.id) : false;
  const parents = collections.filter((c) => !c.parent_id && c.id !== collection?.id);
  const nameOf = (c: Collection) => c.translations[locales[0]!]?.name ?? Object.values(c.translations)[0]?.name ?? '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Only locales with a name are sent: an empty tab means "not translated yet".
    const translations = Object.fromEntries(Object.entries(texts).filter(([, v]) => v.name.trim()));
    const done = { onSuccess: onClose };
    if (collection) update.mutate({ id: collection.id, parent_id: parent, translations }, done);
    else create.mutate({ parent_id: parent, translations }, done);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={collection ? t('knowledge.collection.edit') : t('knowledge.collection.new')} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <Tabs defaultValue={locales[0]}>
            <Tabs.List>
              {locales.map((l) => (
                <Tabs.Tab key={l} value={l}>
                  {l}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {locales.map((l) => (
              <Tabs.Panel key={l} value={l} pt="sm">
                <Stack gap="xs">
                  <TextInput
                    label={t('knowledge.collection.name')}
                    value={texts[l]?.name ?? ''}
                    onChange={(e) => setTexts({ ...texts, [l]: { ...texts[l]!, name: e.currentTarget.value } })}
                    error={errors[`translations.${l}.name`] ?? errors[`translations.${l}`]}
                    data-testid={`collection-name-${l}`}
                  />
                  <Textarea
                    label={t('knowledge.collection.description')}
                    value={texts[l]?.description ?? ''}
                    onChange={(e) => setTexts({ ...texts, [l]: { ...texts[l]!, description: e.currentTarget.value } })}
                    autosize
                    minRows={2}
                  />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
          <Select
            label={t('knowledge.collection.parent')}
            placeholder={t('knowledge.collection.topLevel')}
            data={parents.map((c) => ({ value: c.id, label: nameOf(c) }))}
            value={parent}
            onChange={setParent}
            clearable
            disabled={hasChildren}
            description={hasChildren ? t('knowledge.collection.hasChildren') : undefined}
            error={errors.parent_id}
          />
          {action.error && !Object.keys(errors).length ? <Alert color="red">{describeError(action.error, t).message}</Alert> : null}
          {errors.translations && <Alert color="red">{errors.translations}</Alert>}
          <Group justify="space-between">
            {collection ? (
              <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate(collection.id, { onSuccess: onClose })}>
                {t('knowledge.collection.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={action.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
