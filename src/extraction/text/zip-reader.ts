import { Inflate } from 'fflate';
import { DocumentLimitError, problem } from './errors.ts';

/** What a ZIP (a DOCX) may expand to; counted on the inflated bytes as they come out, never on what the archive declares. */
export interface ZipLimits {
  /** Bytes all parts read together may inflate to. */
  maxUnzippedBytes: number;
  /** Start tags across the XML parts read (a run, a paragraph and a text node are one each). */
  maxXmlElements: number;
  /** Bytes of XML parts outside tags (text, an upper bound of its characters). */
  maxXmlTextBytes: number;
}

interface Entry {
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

/** The subset of JSZip that mammoth reads a DOCX through (mammoth's `{ file }` input, lib/zipfile.js). */
export interface MammothZipFile {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
  write(name: string, contents: string): void;
  toArrayBuffer(): Promise<ArrayBuffer>;
}

/** Input chunk pushed per inflate step: a deflate block expands at most ~1032×, so one step emits at most ~1 MB. */
const STEP = 1024;
const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) + u16(b, at + 2) * 0x10000;
const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

/** Where the central directory is and how many entries it has (ZIP64 aware); throws on a damaged archive. */
function centralDirectory(b: Uint8Array): { offset: number; count: number } {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (u32(b, i) !== 0x06054b50) continue;
    let count = u16(b, i + 10);
    let offset = u32(b, i + 16);
    if ((count === 0xffff || offset === 0xffffffff) && i >= 20 && u32(b, i - 20) === 0x07064b50) {
      const z = u64(b, i - 12);
      if (u32(b, z) !== 0x06064b50) throw new Error('damaged ZIP64 end of central directory');
      count = u64(b, z + 32);
      offset = u64(b, z + 48);
    }
    return { offset, count };
  }
  throw new Error('no ZIP end of central directory');
}

/** The archive's entries by name, read from the central directory as JSZip does (a later duplicate name wins). */
function readEntries(b: Uint8Array): Map<string, Entry> {
  const { offset, count } = centralDirectory(b);
  const entries = new Map<string, Entry>();
  const names = new TextDecoder();
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (u32(b, at) !== 0x02014b50) throw new Error('damaged ZIP central directory');
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    let compressedSize = u32(b, at + 20);
    const uncompressed = u32(b, at + 24);
    let localOffset = u32(b, at + 42);
    // ZIP64 extra field: the 64-bit values, in this order, for the fields saturated at 0xffffffff.
    for (let x = at + 46 + nameLength; x < at + 46 + nameLength + extraLength; x += 4 + u16(b, x + 2)) {
      if (u16(b, x) !== 0x0001) continue;
      let v = x + 4;
      if (uncompressed === 0xffffffff) v += 8;
      if (compressedSize === 0xffffffff) (compressedSize = u64(b, v)), (v += 8);
      if (localOffset === 0xffffffff) localOffset = u64(b, v);
    }
    const name = names.decode(b.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { method: u16(b, at + 10), flags: u16(b, at + 8), compressedSize, localOffset });
    at += 46 + nameLength + extraLength + u16(b, at + 32);
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
function entryData(b: Uint8Array, e: Entry): Uint8Array {
  if (u32(b, e.localOffset) !== 0x04034b50) throw new Error('damaged ZIP local header');
  const start = e.localOffset + 30 + u16(b, e.localOffset + 26) + u16(b, e.localOffset + 28);
  if (start + e.compressedSize > b.length) throw new Error('ZIP entry runs past the end of the file');
  return b.subarray(start, start + e.compressedSize);
}

/**
 * Opens a DOCX for mammoth with limits enforced while it inflates: a part is inflated only when
 * mammoth reads it (images never are), in small steps, and the moment the bytes, XML elements or
 * text across the parts read pass a limit, the read throws a DocumentLimitError. Nothing trusts
 * the sizes the archive declares; a 1 MB file claiming 1 KB that inflates to 1 GB stops at the limit.
 */
export function openLimitedZip(bytes: Uint8Array, limits: ZipLimits): MammothZipFile {
  const entries = readEntries(bytes);
  const spent = { bytes: 0, elements: 0, textBytes: 0 };
  const refuse = (
    code: 'DOCUMENT_UNZIPPED_TOO_LARGE' | 'DOCUMENT_TOO_COMPLEX' | 'DOCUMENT_TEXT_TOO_LONG',
    message: string,
    details: Record<string, unknown>,
  ): never => {
    throw new DocumentLimitError(problem(code, message, details));
  };

  const inflate = (name: string): Uint8Array => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`no ${name} in the archive`);
    if (entry.flags & 1) throw new Error('encrypted ZIP entries are not supported');
    if (entry.method !== 0 && entry.method !== 8) throw new Error(`unsupported ZIP compression method ${entry.method}`);
    const xml = /\.(xml|rels)$/i.test(name);
    const chunks: Uint8Array[] = [];
    let inTag = false;
    let afterLt = false;
    const take = (chunk: Uint8Array): void => {
      spent.bytes += chunk.length;
      if (spent.bytes > limits.maxUnzippedBytes) {
        refuse('DOCUMENT_UNZIPPED_TOO_LARGE', `The DOCX expands to more than ${limits.maxUnzippedBytes} bytes.`, {
          maxUnzippedBytes: limits.maxUnzippedBytes,
          part: name,
        });
      }
      if (xml) {
        for (let i = 0; i < chunk.length; i++) {
          const c = chunk[i];
          if (afterLt) {
            afterLt = false;
            // A start tag: not an end tag, a declaration or a processing instruction.
            if (c !== 0x2f && c !== 0x21 && c !== 0x3f) spent.elements++;
          }
          if (c === 0x3c) (inTag = true), (afterLt = true);
          else if (c === 0x3e) inTag = false;
          else if (!inTag) spent.textBytes++;
        }
        if (spent.elements > limits.maxXmlElements) {
          refuse(
            'DOCUMENT_TOO_COMPLEX',
            `The DOCX holds more than ${limits.maxXmlElements} XML elements (runs, paragraphs, …).`,
            { maxXmlElements: limits.maxXmlElements, part: name },
          );
        }
        if (spent.textBytes > limits.maxXmlTextBytes) {
          refuse('DOCUMENT_TEXT_TOO_LONG', 'The DOCX holds more text than a document may.', {
            maxTextBytes: limits.maxXmlTextBytes,
            part: name,
          });
        }
      }
      chunks.push(chunk);
    };
    const data = entryData(bytes, entry);
    if (entry.method === 0) {
      for (let at = 0; at < data.length; at += STEP * 64) take(data.slice(at, at + STEP * 64));
    } else {
      const inflater = new Inflate((chunk) => take(chunk));
      for (let at = 0; at < data.length; at += STEP)
        inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    }
    return Buffer.concat(chunks);
  };

  return {
    exists: (name) => entries.has(name),
    read: async (name, encoding) => {
      const data = inflate(name);
      if (encoding === 'base64') return Buffer.from(data).toString('base64');
      return encoding ? new TextDecoder(encoding).decode(data) : data;
    },
    write: () => {
      throw new Error('the DOCX is read-only here');
    },
    toArrayBuffer: () => Promise.reject(new Error('the DOCX is read-only here')),
  };
}
