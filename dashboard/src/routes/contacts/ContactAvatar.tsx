import { Avatar } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { Contact } from '../../api/types.ts';

export function contactTitle(c: Pick<Contact, 'name' | 'email' | 'external_id' | 'role'>, t: TFunction): string {
  return c.name || c.email || c.external_id || t(`contacts.anonymous.${c.role}`);
}

export function ContactAvatar({ contact, size }: { contact: Contact; size: number }) {
  const label = contact.name || contact.email || '?';
  return contact.avatar_url ? (
    <Avatar src={contact.avatar_url} size={size} radius="xl" alt="" />
  ) : (
    <Avatar size={size} radius="xl" color="initials" name={label} />
  );
}
