/** The text of sanitized message HTML, for previews (a template's content never runs). */
export function plainText(html: string): string {
  const t = document.createElement('template');
  t.innerHTML = html;
  return (t.content.textContent ?? '').replace(/\s+/g, ' ').trim();
}
