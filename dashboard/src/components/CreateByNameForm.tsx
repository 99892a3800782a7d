import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../api/errors.ts';

/**
 * One line that names a new thing and creates it: the name, any further fields (`children`), the
 * button. The mutation's error shows under the name: its `name` field error, else its message.
 */
export function CreateByNameForm({
  label,
  placeholder,
  submitLabel,
  mutation,
  onCreate,
  children,
}: {
  label: string;
  placeholder?: string;
  submitLabel: string;
  mutation: { error: unknown; isError: boolean; isPending: boolean };
  /** Starts the creation; `clear` empties the name, for the mutation's success. */
  onCreate: (name: string, clear: () => void) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onCreate(name, () => setName(''));
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end">
        <TextInput
          label={label}
          placeholder={placeholder}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldErrors(mutation.error).name ?? (mutation.isError ? describeError(mutation.error, t).message : undefined)}
          style={{ flex: 1 }}
        />
        {children}
        <Button type="submit" loading={mutation.isPending}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
