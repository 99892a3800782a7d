import { Button, Tooltip } from '@mantine/core';
import { IconFilePlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useArticleFromReply } from '../../api/knowledge.ts';
import { ErrorAlert } from '../../components/QueryState.tsx';

/** "Turn this reply into an article": drafts it on the server, then opens the draft in the editor. */
export function ToArticleButton({ conversationId, messageId }: { conversationId: string; messageId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const make = useArticleFromReply();
  const onClick = () =>
    make.mutate(
      { conversation_id: conversationId, message_id: messageId },
      { onSuccess: (a) => navigate(`/knowledge/articles/${a.id}?locale=${encodeURIComponent(a.translations[0]?.locale ?? '')}`) },
    );
  return (
    <>
      <Tooltip label={t('inbox.toArticleHint')}>
        <Button size="compact-xs" variant="subtle" leftSection={<IconFilePlus size={12} />} loading={make.isPending} onClick={onClick} data-testid="thread-to-article">
          {t('inbox.toArticle')}
        </Button>
      </Tooltip>
      {make.isError && <ErrorAlert error={make.error} />}
    </>
  );
}
