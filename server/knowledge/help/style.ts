/** Relative luminance (WCAG 2) of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Text on the brand colour: whichever of white or near-black reads better (WCAG contrast). */
export function onColour(hex: string): string {
  const l = luminance(hex);
  return (1.05 / (l + 0.05)) >= ((l + 0.05) / (luminance('#111827') + 0.05)) ? '#ffffff' : '#111827';
}

const DEFAULT_BRAND = '#3b4fd8';

/** The whole stylesheet, inline: one request per page and nothing to cache-bust. */
export function stylesheet(brand: string | null): string {
  const b = brand ?? DEFAULT_BRAND;
  return `:root{--brand:${b};--on-brand:${onColour(b)};--text:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f9fafb}
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;color:var(--text);background:#fff}
a{color:#1d4ed8}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#111827;padding:.5rem 1rem;z-index:10}.skip:focus{left:1rem;top:1rem}
header.site{background:var(--brand);color:var(--on-brand)}header.site a{color:var(--on-brand)}
.bar{max-width:960px;margin:0 auto;padding:.75rem 1.25rem;display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap}
.brand{display:flex;gap:.6rem;align-items:center;font-weight:700;font-size:1.15rem;text-decoration:none}.brand img{height:32px;width:auto}
.bar nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0;flex-wrap:wrap}
.langs{font-size:.9rem}.langs a[aria-current]{font-weight:700;text-decoration:none}
.hero{background:var(--brand);color:var(--on-brand);padding:1.5rem 0 2.5rem}.hero>div{max-width:960px;margin:0 auto;padding:0 1.25rem}.hero h1{margin:.25rem 0 .5rem;font-size:2rem}
form.search{display:flex;gap:.5rem;max-width:640px}form.search input{flex:1;font:inherit;padding:.65rem .8rem;border:1px solid #9ca3af;border-radius:8px;color:var(--text)}
button{font:inherit;padding:.6rem 1.1rem;border-radius:8px;border:1px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer}button.secondary{background:#fff;color:#1f2937}
main{max-width:960px;margin:0 auto;padding:1.5rem 1.25rem 3rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:12px;padding:1rem 1.1rem;background:#fff}.cards h3{margin:0 0 .25rem;font-size:1.1rem}.cards p{margin:.25rem 0;color:var(--muted)}
.cards ul.top{list-style:none;padding:0;margin:.5rem 0 0}.cards ul.top li{border:0;padding:.15rem 0;font-size:.95rem}
.list{list-style:none;padding:0}.list li{padding:.75rem 0;border-bottom:1px solid var(--line)}.list p{margin:.2rem 0 0;color:var(--muted)}
nav.crumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;padding:0;margin:0 0 1rem;font-size:.9rem}nav.crumbs li+li::before{content:"›";margin-right:.4rem;color:var(--muted)}
.meta{color:var(--muted);font-size:.9rem}.notice{background:#fef3c7;border:1px solid #f59e0b;border-radius:8px;padding:.75rem 1rem;color:#78350f}
.thanks{background:#dcfce7;border:1px solid #16a34a;border-radius:8px;padding:.75rem 1rem;color:#14532d}
article.body img{max-width:100%;height:auto}article.body pre{background:#f3f4f6;padding:1rem;border-radius:8px;overflow:auto}article.body code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
article.body table{border-collapse:collapse}article.body th,article.body td{border:1px solid var(--line);padding:.4rem .7rem}
.callout{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid #2563eb;background:#eff6ff;border-radius:0 8px 8px 0}.callout p{margin:.25rem 0}
.callout-tip{border-color:#16a34a;background:#f0fdf4}.callout-warning{border-color:#d97706;background:#fffbeb}.callout-important{border-color:#9333ea;background:#faf5ff}
.embed{position:relative;padding-top:56.25%;margin:1rem 0}.embed iframe{position:absolute;inset:0;width:100%;height:100%;border:0;border-radius:8px}
mark{background:#fde68a;color:inherit}
aside.alt-format{margin-top:2rem;padding:1rem 1.25rem;border:1px solid var(--line);border-radius:12px}aside.alt-format h2{margin-top:0;font-size:1.15rem}
section.feedback{margin-top:2.5rem;padding:1.25rem;border:1px solid var(--line);border-radius:12px;background:var(--bg)}section.feedback h2{margin-top:0;font-size:1.15rem}
section.feedback textarea{width:100%;min-height:4.5rem;font:inherit;padding:.5rem;border:1px solid #9ca3af;border-radius:8px}.actions{display:flex;gap:.5rem;margin-top:.75rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}footer.site div{max-width:960px;margin:0 auto;padding:1rem 1.25rem}`;
}
