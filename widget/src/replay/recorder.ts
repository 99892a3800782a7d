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
interface Mutation {
  adds: Array<{ parentId: number; node: { id: number } }>;
  removes: Array<{ parentId: number; id: number }>;
  texts: Array<{ id: number }>;
  attributes: Array<{ id: number }>;
}
const INCREMENTAL = 3;
const MUTATION = 0;

/**
 * Drops what happens inside the widget's shadow root. rrweb blocks the host element but still
 * follows an open shadow root's mutations, which would record the Messenger's conversation.
 */
function withoutWidget(emit: (event: ReplayEvent) => void): (event: ReplayEvent) => void {
  const hidden = new Set<number>();
  return (event) => {
    if (event.type !== INCREMENTAL) return emit(event);
    const host = document.getElementById('baton-messenger');
    const hostId = host ? record.mirror.getId(host) : -1;
    if (hostId > 0) hidden.add(hostId);
    const data = event.data as { source: number; id?: number } & Partial<Mutation>;
    if (data.source !== MUTATION) {
      if (data.id === undefined || !hidden.has(data.id)) emit(event);
      return;
    }
    const m = data as Mutation;
    // Children may come before their parents in one batch: grow the hidden set to a fixpoint.
    for (let grew = true; grew; ) {
      grew = false;
      for (const a of m.adds) if (hidden.has(a.parentId) && !hidden.has(a.node.id)) grew = !!hidden.add(a.node.id);
    }
    const adds = m.adds.filter((a) => !hidden.has(a.node.id));
    const removes = m.removes.filter((r) => !hidden.has(r.id) && !hidden.has(r.parentId));
    const texts = m.texts.filter((t) => !hidden.has(t.id));
    const attributes = m.attributes.filter((a) => !hidden.has(a.id));
    if (adds.length + removes.length + texts.length + attributes.length === 0) return;
    emit({ ...event, data: { ...data, adds, removes, texts, attributes } });
  };
}

function startRecorder(emit: (event: ReplayEvent) => void): () => void {
  const stop = record<ReplayEvent>({
    emit: withoutWidget(emit),
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
