import Link from "next/link";
import type { ReactNode } from "react";
import { safeHref } from "./safe-href";

const LINK = /^\[([^\]]+)\]\(([^)]*)\)$/;

/** `[text](target)`: a link when the target is safe (see safeHref), else its text alone. */
function link(token: string, key: string): ReactNode {
  const [, text, target] = LINK.exec(token)!;
  const safe = safeHref(target);
  const cls = "text-sky-300 underline underline-offset-2 hover:text-sky-200";
  if (!safe) return text;
  if (safe.external)
    return (
      <a key={key} href={safe.href} className={cls} target="_blank" rel="noopener noreferrer">
        {text}
      </a>
    );
  return (
    <Link key={key} href={safe.href} className={cls}>
      {text}
    </Link>
  );
}

/** Inline Markdown: [links](/page), **bold**, _italic_ / *italic*, `code`. Everything else is text (React escapes it). */
function inline(text: string, key: string): ReactNode[] {
  const parts: ReactNode[] = [];
  // Links first, so that an underscore or star inside a link's target is not read as emphasis.
  const pattern = /(\[[^\]\n]{1,200}\]\([^)\n]{0,2048}\)|\*\*[^*]+\*\*|`[^`]+`|_[^_]+_|\*[^*\s][^*]*\*)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = pattern.exec(text))) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const token = m[0];
    const k = `${key}-${i++}`;
    if (token.startsWith("[")) parts.push(link(token, k));
    else if (token.startsWith("**")) parts.push(<strong key={k} className="text-slate-50">{token.slice(2, -2)}</strong>);
    else if (token.startsWith("`")) parts.push(<code key={k} className="rounded bg-slate-800 px-1 font-mono text-[0.85em]">{token.slice(1, -1)}</code>);
    else parts.push(<em key={k}>{token.slice(1, -1)}</em>);
    last = m.index + token.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export interface MarkdownProps {
  source: string;
}

/**
 * The subset of Markdown runbooks use: headings, paragraphs, ordered and bulleted lists, inline
 * links, emphasis and code. Built as React elements, never as HTML, so an edited runbook cannot inject markup.
 */
export function Markdown({ source }: MarkdownProps) {
  const blocks: ReactNode[] = [];
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  let i = 0;
  let n = 0;
  while (i < lines.length) {
    const line = lines[i];
    const key = `b${n++}`;
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (!line.trim()) {
      i++;
    } else if (heading) {
      const level = heading[1].length;
      const cls = level <= 2 ? "mt-4 mb-1 text-base font-semibold text-slate-100" : "mt-3 mb-1 text-sm font-semibold text-slate-200";
      blocks.push(level <= 2 ? <h2 key={key} className={cls}>{inline(heading[2], key)}</h2> : <h3 key={key} className={cls}>{inline(heading[2], key)}</h3>);
      i++;
    } else if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i])) {
        let item = lines[i].replace(/^\s*([-*]|\d+\.)\s+/, "");
        i++;
        // continuation lines (indented) belong to the item
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*]|\d+\.)\s+/.test(lines[i])) item += ` ${lines[i++].trim()}`;
        items.push(item);
      }
      const children = items.map((item, j) => <li key={`${key}-${j}`}>{inline(item, `${key}-${j}`)}</li>);
      blocks.push(ordered ? <ol key={key} className="ml-5 list-decimal space-y-1">{children}</ol> : <ul key={key} className="ml-5 list-disc space-y-1">{children}</ul>);
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i].trim() && !/^(#{1,4})\s/.test(lines[i]) && !/^\s*([-*]|\d+\.)\s+/.test(lines[i])) para.push(lines[i++].trim());
      blocks.push(<p key={key} className="my-2">{inline(para.join(" "), key)}</p>);
    }
  }
  return <div className="text-sm leading-relaxed text-slate-300">{blocks}</div>;
}
