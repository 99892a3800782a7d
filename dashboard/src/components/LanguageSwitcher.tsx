import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LOCALES, setLocale, type Locale } from '../i18n/index.ts';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('common.language')}
      data-testid="language-switcher"
      size="xs"
      w={130}
      allowDeselect={false}
      leftSection={<IconLanguage size={14} />}
      data={LOCALES.map((l) => ({ value: l.code, label: l.label }))}
      value={i18n.language}
      onChange={(value) => value && void setLocale(value as Locale)}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
