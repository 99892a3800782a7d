import { useEffect, useState } from 'react';
import { NumberInput } from '@mantine/core';

/**
 * A conversation limit edited in place: saved when the field loses focus or on Enter; empty
 * means "inherit" (the placeholder says from where).
 */
export function CapacityInput(props: { label: string; value: number | null; placeholder: string; readOnly: boolean; onSave: (value: number | null) => void; testId: string }) {
  const [draft, setDraft] = useState<string | number>(props.value ?? '');
  useEffect(() => setDraft(props.value ?? ''), [props.value]);
  const save = () => {
    const next = typeof draft === 'number' ? draft : null;
    if (next !== props.value) props.onSave(next);
  };
  return (
    <NumberInput
      size="xs"
      w={120}
      aria-label={props.label}
      data-testid={props.testId}
      placeholder={props.placeholder}
      min={0}
      max={1000}
      allowDecimal={false}
      allowNegative={false}
      readOnly={props.readOnly}
      value={draft}
      onChange={setDraft}
      onBlur={save}
      onKeyDown={(e) => e.key === 'Enter' && save()}
    />
  );
}
