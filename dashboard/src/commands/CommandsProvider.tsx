import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useLogout, useSignedInMe } from '../api/auth.ts';
import { LOCALES, setLocale } from '../i18n/index.ts';
import { commandsFor, findCommand, type CommandContext } from './registry.ts';
import { CommandPalette } from './CommandPalette.tsx';

interface Commands {
  run: (id: string) => void;
  openPalette: () => void;
}

const Ctx = createContext<Commands | null>(null);

export function useCommands(): Commands {
  const value = useContext(Ctx);
  if (!value) throw new Error('useCommands outside CommandsProvider');
  return value;
}

export function CommandsProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const logout = useLogout();
  const { i18n } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const [paletteOpen, setPaletteOpen] = useState(false);
  const available = commandsFor(useSignedInMe().role);

  const context: CommandContext = useMemo(
    () => ({
      navigate,
      signOut: () => logout.mutate(undefined, { onSettled: () => navigate('/sign-in') }),
      toggleColorScheme: () => setColorScheme(computed === 'dark' ? 'light' : 'dark'),
      cycleLanguage: () => {
        const i = LOCALES.findIndex((l) => l.code === i18n.language);
        void setLocale(LOCALES[(i + 1) % LOCALES.length]!.code);
      },
    }),
    [navigate, logout, setColorScheme, computed, i18n.language],
  );

  const run = useCallback((id: string) => findCommand(id).run(context), [context]);
  const openPalette = useCallback(() => setPaletteOpen(true), []);

  const hotkeys: HotkeyItem[] = [
    ['mod+K', openPalette],
    ...available.filter((c) => c.shortcut).map((c): HotkeyItem => [c.shortcut!, () => c.run(context)]),
  ];
  useHotkeys(hotkeys);

  const value = useMemo(() => ({ run, openPalette }), [run, openPalette]);
  return (
    <Ctx.Provider value={value}>
      {children}
      <CommandPalette opened={paletteOpen} onClose={() => setPaletteOpen(false)} context={context} commands={available} />
    </Ctx.Provider>
  );
}
