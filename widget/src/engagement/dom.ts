type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

/** A tiny element builder: attributes, `on*` listeners, and text or element children (text is never parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: (Node | string | null | undefined | false)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') node.addEventListener(k.slice(2).toLowerCase(), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

/** Plain text with blank-line paragraphs and line breaks, as text nodes only. */
export function paragraphs(text: string): HTMLElement {
  const box = el('div', { class: 'cmp-body' });
  for (const para of text.split(/\n{2,}/)) {
    const p = el('p');
    para.split('\n').forEach((line, i) => {
      if (i) p.append(el('br'));
      p.append(line);
    });
    box.append(p);
  }
  return box;
}
