/**
 * Renders the guide's Markdown: headings, lists, paragraphs, emphasis, code,
 * links, and the bracketed citations as links to the crosswalk. Built as
 * React elements (never innerHTML), so page text cannot inject markup.
 */
import type { ReactNode } from 'react';
import { looksLikeCitations } from '../lib/citations.js';
import { Citations } from './Citations.js';

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'paragraph'; text: string };

/** Split Markdown into blocks. */
export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    if (list) blocks.push({ kind: 'list', ...list });
    paragraph = [];
    list = undefined;
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (bullet || numbered) {
      const ordered = Boolean(numbered);
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (list && /^\s{2,}\S/.test(raw)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

const INLINE = /(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|\[[^\]]+\])/g;

/** Inline Markdown to React nodes. */
export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(INLINE)) {
    const token = m[0];
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    const key = `${keyPrefix}-${n++}`;
    if (token.startsWith('**')) out.push(<strong key={key}>{renderInline(token.slice(2, -2), key)}</strong>);
    else if (token.startsWith('*')) out.push(<em key={key}>{renderInline(token.slice(1, -1), key)}</em>);
    else if (token.startsWith('`')) out.push(<code key={key}>{token.slice(1, -1)}</code>);
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      if (link) {
        const href = link[2]!;
        const safe = /^(https?:|\/|#)/.test(href) ? href : undefined;
        out.push(
          <a key={key} href={safe} {...(href.startsWith('http') ? { target: '_blank', rel: 'noreferrer noopener' } : {})}>
            {link[1]}
          </a>,
        );
      } else {
        const inside = token.slice(1, -1);
        out.push(looksLikeCitations(inside) ? <Citations key={key} inside={inside} /> : token);
      }
    }
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Markdown body; `##` becomes h2 (the page's own title is the h1). */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose">
      {parseBlocks(source).map((block, i) => {
        const key = `b${i}`;
        if (block.kind === 'heading') {
          const level = Math.min(6, Math.max(2, block.level));
          const content = renderInline(block.text, key);
          if (level === 2) return <h2 key={key}>{content}</h2>;
          if (level === 3) return <h3 key={key}>{content}</h3>;
          return <h4 key={key}>{content}</h4>;
        }
        if (block.kind === 'list') {
          const items = block.items.map((item, j) => <li key={`${key}-${j}`}>{renderInline(item, `${key}-${j}`)}</li>);
          return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
        }
        return <p key={key}>{renderInline(block.text, key)}</p>;
      })}
    </div>
  );
}
