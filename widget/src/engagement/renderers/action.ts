import { el } from '../dom.ts';
import type { RenderContext } from './types.ts';

interface Action {
  label: string;
  kind: 'url' | 'open_messenger' | 'dismiss';
  url?: string;
  new_tab?: boolean;
}

/** The content's action button, if it has one: reports the click, then runs the action. */
export function actionButton(ctx: RenderContext, action: Action | undefined): HTMLElement | null {
  if (!action) return null;
  return el('button', { type: 'button', class: 'cmp-action', onclick: () => ctx.act(action) }, [action.label]);
}

export function closeButton(ctx: RenderContext, label: string, onClose: () => void): HTMLElement {
  return el('button', { type: 'button', class: 'cmp-close', 'aria-label': label, title: label, onclick: onClose }, ['×']);
}
