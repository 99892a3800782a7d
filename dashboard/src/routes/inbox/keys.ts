import { useEffect, useRef } from 'react';

const typingIn = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/** Single-key shortcuts (j, k, r, ?…); ignored while typing in a field or with a modifier held. */
export function useKeys(map: Record<string, () => void>) {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      const run = current.current[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The Inbox's shortcuts, as the help overlay lists them (labels are i18n keys). */
export const SHORTCUTS = [
  { keys: 'j / k', label: 'inbox.keys.nextPrevious' },
  { keys: 'r', label: 'inbox.keys.reply' },
  { keys: 'n', label: 'inbox.keys.note' },
  { keys: 'a', label: 'inbox.keys.assign' },
  { keys: 'e', label: 'inbox.keys.close' },
  { keys: 'z', label: 'inbox.keys.snooze' },
  { keys: 'f', label: 'inbox.keys.search' },
  { keys: '/', label: 'inbox.keys.savedReply' },
  { keys: '@', label: 'inbox.keys.mention' },
  { keys: 'Ctrl+Enter', label: 'inbox.keys.send' },
  { keys: '?', label: 'inbox.keys.help' },
] as const;
