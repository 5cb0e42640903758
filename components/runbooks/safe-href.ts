/** A link's target once it is known to be safe to follow. */
export interface SafeHref {
  href: string;
  /** another site: opened in a new tab, without handing it this page */
  external: boolean;
}

const MAX_HREF = 2048;

/**
 * Where a runbook's `[text](target)` may point: a path on this site or an http(s) URL, nothing else.
 * `javascript:`, `data:`, protocol-relative `//host`, relative paths and targets with control
 * characters or backslashes (which browsers drop or read as `/`) give null: the text stays plain.
 */
export function safeHref(target: string): SafeHref | null {
  const href = target.trim();
  if (!href || href.length > MAX_HREF) return null;
  if (/[\u0000-\u001f\u007f\\\s]/.test(href)) return null;
  if (href.startsWith("/")) return href.startsWith("//") ? null : { href, external: false };
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return { href: url.href, external: true };
}
