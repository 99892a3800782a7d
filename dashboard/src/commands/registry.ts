import type { ComponentType } from 'react';
import type { NavigateFunction } from 'react-router-dom';
import type { Role } from '../api/types.ts';
import {
  IconBook,
  IconBuildingSkyscraper,
  IconBulb,
  IconChartBar,
  IconChartPie,
  IconClipboardCheck,
  IconMailForward,
  IconSpeakerphone,
  IconFlask,
  IconFilePlus,
  IconKey,
  IconLanguage,
  IconLogout,
  IconMail,
  IconMessages,
  IconMoonStars,
  IconPlug,
  IconSearch,
  IconSettings,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';

export interface CommandContext {
  navigate: NavigateFunction;
  signOut: () => void;
  toggleColorScheme: () => void;
  cycleLanguage: () => void;
}

export interface Command {
  id: string;
  /** i18n key of the label. */
  label: string;
  icon: ComponentType<{ size?: number | string; stroke?: number }>;
  /** Mantine hotkey notation, e.g. `mod+K` or `C`; single keys are ignored while typing in a field. */
  shortcut?: string;
  /** Navigation commands also make the side bar, highlighted while the path is open. */
  path?: string;
  /** Only owners and admins may use it (the server refuses agents anyway; this hides the dead end). */
  managersOnly?: true;
  run: (ctx: CommandContext) => void;
}

/** Every action of the shell in one place: side bar, buttons, keyboard shortcuts and the palette. */
export const commands: Command[] = [
  {
    id: 'go.inbox',
    label: 'inbox.nav',
    icon: IconMessages,
    shortcut: 'I',
    path: '/inbox',
    run: ({ navigate }) => navigate('/inbox'),
  },
  {
    id: 'go.contacts',
    label: 'nav.contacts',
    icon: IconUsers,
    shortcut: 'C',
    path: '/contacts',
    run: ({ navigate }) => navigate('/contacts'),
  },
  {
    id: 'go.companies',
    label: 'nav.companies',
    icon: IconBuildingSkyscraper,
    shortcut: 'O',
    path: '/companies',
    run: ({ navigate }) => navigate('/companies'),
  },
  {
    id: 'go.knowledge',
    label: 'nav.knowledge',
    icon: IconBook,
    shortcut: 'H',
    path: '/knowledge',
    run: ({ navigate }) => navigate('/knowledge'),
  },
  {
    id: 'go.segments',
    label: 'nav.segments',
    icon: IconChartPie,
    path: '/segments',
    run: ({ navigate }) => navigate('/segments'),
  },
  {
    id: 'go.series',
    label: 'nav.series',
    icon: IconMailForward,
    path: '/email-series',
    run: ({ navigate }) => navigate('/email-series'),
  },
  {
    id: 'go.campaigns',
    label: 'nav.campaigns',
    icon: IconSpeakerphone,
    path: '/campaigns',
    run: ({ navigate }) => navigate('/campaigns'),
  },
  {
    id: 'go.experiments',
    label: 'experiments.nav',
    icon: IconFlask,
    path: '/experiments',
    run: ({ navigate }) => navigate('/experiments'),
  },
  { id: 'knowledge.newArticle', label: 'knowledge.article.new', icon: IconFilePlus, run: ({ navigate }) => navigate('/knowledge?new=1') },
  {
    id: 'go.reports',
    label: 'nav.reports',
    icon: IconChartBar,
    path: '/reports',
    run: ({ navigate }) => navigate('/reports'),
  },
  {
    id: 'go.qa',
    label: 'nav.qa',
    icon: IconClipboardCheck,
    path: '/qa',
    run: ({ navigate }) => navigate('/qa'),
  },
  {
    id: 'go.feedback',
    label: 'nav.feedback',
    icon: IconBulb,
    path: '/feedback',
    run: ({ navigate }) => navigate('/feedback'),
  },
  {
    id: 'go.settings',
    label: 'nav.settings',
    icon: IconSettings,
    shortcut: 'S',
    path: '/settings',
    run: ({ navigate }) => navigate('/settings'),
  },
  {
    id: 'contacts.search',
    label: 'commands.searchContacts',
    icon: IconSearch,
    shortcut: '/',
    run: ({ navigate }) => navigate('/contacts?focus=search'),
  },
  { id: 'go.apiKeys', label: 'settings.nav.apiKeys', icon: IconKey, managersOnly: true, run: ({ navigate }) => navigate('/settings/api-keys') },
  { id: 'go.install', label: 'settings.nav.install', icon: IconPlug, managersOnly: true, run: ({ navigate }) => navigate('/settings/install') },
  { id: 'go.webhooks', label: 'settings.nav.webhooks', icon: IconWebhook, managersOnly: true, run: ({ navigate }) => navigate('/settings/webhooks') },
  { id: 'go.mailbox', label: 'settings.nav.mailbox', icon: IconMail, managersOnly: true, run: ({ navigate }) => navigate('/settings/mailbox') },
  { id: 'ui.colorScheme', label: 'commands.toggleColorScheme', icon: IconMoonStars, shortcut: 'mod+J', run: (c) => c.toggleColorScheme() },
  { id: 'ui.language', label: 'commands.nextLanguage', icon: IconLanguage, run: (c) => c.cycleLanguage() },
  { id: 'auth.signOut', label: 'commands.signOut', icon: IconLogout, run: (c) => c.signOut() },
];

export const isManager = (role: Role) => role === 'owner' || role === 'admin';

/** The commands this role can use. */
export function commandsFor(role: Role): Command[] {
  return commands.filter((c) => !c.managersOnly || isManager(role));
}

export function findCommand(id: string): Command {
  const command = commands.find((c) => c.id === id);
  if (!command) throw new Error(`Unknown command ${id}`);
  return command;
}

/** Shows `mod+K` as Ctrl K, or ⌘ K on Apple keyboards. */
export function formatShortcut(shortcut: string): string {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return shortcut
    .split('+')
    .map((k) => (k === 'mod' ? (mac ? '⌘' : 'Ctrl') : k === 'shift' ? (mac ? '⇧' : 'Shift') : k.toUpperCase()))
    .join(' ');
}
