import { record } from 'rrweb';
import type { Http } from '../session.ts';
import { createUploader } from './uploader.ts';

/** An rrweb event as it goes on the wire; the server keeps it opaque. */
export type ReplayEvent = { type: number; timestamp: number } & Record<string, unknown>;

/**
 * Starts rrweb on the host page and hands its events to `emit`. What a person types never leaves
 * the page: every input is masked to a fixed string (not even its length survives), elements with
 * the `baton-block` class or a `data-baton-mask` attribute are blocked (a grey box of their size),
 * and the widget itself is not recorded. A full snapshot every two minutes lets the Inbox start a
 * replay a few minutes before a conversation without the whole page load.
 */
function startRecorder(emit: (event: ReplayEvent) => void): () => void {
  const stop = record<ReplayEvent>({
    emit,
    maskAllInputs: true,
    maskInputFn: () => '***',
    blockClass: 'baton-block',
    blockSelector: '[data-baton-mask], #baton-messenger',
    checkoutEveryNms: 2 * 60_000,
    collectFonts: false,
    recordCanvas: false,
    inlineImages: false,
    slimDOMOptions: 'all',
    sampling: { mousemove: 100, scroll: 150, input: 'last' },
  });
  return () => stop?.();
}

/** Records this page load and uploads it until stopped; a 403 from Baton (`onRefused`) stops it too. */
export function startRecording(http: Http, onRefused: () => void): () => void {
  let end: (() => void) | null = null;
  const uploader = createUploader(http, () => {
    stop();
    onRefused();
  });
  const stop = () => {
    end?.();
    end = null;
    uploader.close();
  };
  end = startRecorder((e) => uploader.add(e));
  return stop;
}
