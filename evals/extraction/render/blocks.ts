/** Parses the fixture markdown subset (and plain text) into blocks that the PDF and DOCX renderers draw. */

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'pre'; lines: string[] }
  | { kind: 'pagebreak' };

const PAGEBREAK = /^\s*(<!--\s*pagebreak\s*-->|\f)\s*$/i;
const LIST_ITEM = /^\s*([-*•]|\d+[.)]|\([a-z0-9]+\))\s+/;

const inline = (s: string): string =>
  s
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1$2')
    .trim();

const tableCells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => inline(c));

/** Joins hard-wrapped lines of one paragraph; short or sentence-final lines keep their break. */
function paragraphs(lines: string[], format: 'markdown' | 'text'): Block[] {
  const fmt = format === 'markdown' ? inline : (s: string): string => s.trim();
  const out: Block[] = [];
  let current = '';
  for (const line of lines) {
    const t = line.trim();
    const joinable = current !== '' && !LIST_ITEM.test(t) && current.length >= 55 && !/[.:;)]$/.test(current);
    if (joinable) current = `${current} ${t}`;
    else {
      if (current) out.push({ kind: 'paragraph', text: fmt(current) });
      current = t;
    }
  }
  if (current) out.push({ kind: 'paragraph', text: fmt(current) });
  return out;
}

/** Splits markdown (headings, pipe tables, fenced blocks, page breaks, paragraphs) into blocks. */
export function parseBlocks(source: string, format: 'markdown' | 'text' = 'markdown'): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push(...paragraphs(para, format));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (PAGEBREAK.test(line) || line.includes('\f')) {
      flush();
      blocks.push({ kind: 'pagebreak' });
      continue;
    }
    if (format === 'markdown' && line.startsWith('```')) {
      flush();
      const pre: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++) pre.push(lines[i] ?? '');
      blocks.push({ kind: 'pre', lines: pre });
      continue;
    }
    if (format === 'markdown' && /^\s*\|/.test(line)) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i] ?? ''); i++) {
        const l = lines[i] ?? '';
        if (!/^\s*\|?[\s:|-]+\|?\s*$/.test(l)) rows.push(tableCells(l));
      }
      i--;
      blocks.push({ kind: 'table', rows });
      continue;
    }
    if (format === 'markdown' && /^#{1,6}\s/.test(line)) {
      flush();
      blocks.push({ kind: 'heading', text: inline(line.replace(/^#+\s*/, '')) });
      continue;
    }
    if (format === 'markdown' && /^\s*[-=]{3,}\s*$/.test(line) && para.length === 1) {
      // Setext heading: the paragraph line above becomes a heading.
      blocks.push({ kind: 'heading', text: inline(para[0] ?? '') });
      para = [];
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line);
  }
  flush();
  return blocks;
}
