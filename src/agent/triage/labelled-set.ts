import { readFileSync } from 'node:fs';
import { isTriageClass, type TriageClass } from './classes.ts';

/** One labelled message of the triage set. */
export interface LabelledMessage {
  id: string;
  label: TriageClass;
  /** Where such text comes from: coupa, ariba, sap, netsuite, smtp, client_email. */
  source: string;
  language: string;
  text: string;
}

/**
 * Parses the labelled-set format: `#` comment lines first, then messages, each introduced by a line
 * `### class | source | language` and running to the next such line.
 */
export function parseLabelledSet(content: string, prefix: string): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  const blocks = content.split(/^### /m).slice(1);
  blocks.forEach((block, i) => {
    const nl = block.indexOf('\n');
    const header = (nl < 0 ? block : block.slice(0, nl)).split('|').map((s) => s.trim());
    const [label, source = 'unknown', language = 'en'] = header;
    if (!isTriageClass(label)) throw new Error(`${prefix} message ${i + 1}: unknown class "${label}"`);
    const text = (nl < 0 ? '' : block.slice(nl + 1)).trim();
    if (!text) throw new Error(`${prefix} message ${i + 1}: empty text`);
    out.push({ id: `${prefix}-${String(i + 1).padStart(3, '0')}`, label, source, language, text });
  });
  return out;
}

/** The dev part of the labelled set, which the built-in classifier is trained on. */
export function loadTrainingSet(): LabelledMessage[] {
  return parseLabelledSet(readFileSync(new URL('./training-set.txt', import.meta.url), 'utf8'), 'dev');
}
