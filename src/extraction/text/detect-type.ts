/** Decides a document's type from its bytes, never from its file name. */

export type DetectedType = 'pdf' | 'docx' | 'text' | 'encrypted_office' | 'unsupported';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);

/** Index of an ASCII needle in bytes (or -1); the search is bounded so huge files stay cheap. */
function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  const end = Math.min(to, bytes.length) - needle.length;
  outer: for (let i = from; i <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** True when the bytes decode as UTF-8 (or UTF-16 with a BOM) and look like text rather than binary. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const text = decodeText(bytes);
  if (text === null) return false;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control <= Math.max(2, text.length / 1000);
}

/** Decodes UTF-8 (strictly) or BOM-marked UTF-16; null when the bytes are not valid text. */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The document type by content: %PDF within the first KiB (the spec tolerates leading bytes), a ZIP
 * holding word/document.xml, an OLE container (encrypted Office file or legacy .doc), else text.
 */
export function detectDocumentType(bytes: Uint8Array): DetectedType {
  if (indexOfAscii(bytes, '%PDF-', 0, 1024) >= 0) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) return indexOfAscii(bytes, 'word/document.xml') >= 0 ? 'docx' : 'unsupported';
  if (startsWith(bytes, CFB_MAGIC)) {
    // Password-protected OOXML files are OLE containers with an "EncryptedPackage" stream (UTF-16 name).
    const name = Array.from('EncryptedPackage').join('\u0000');
    return indexOfAscii(bytes, name) >= 0 ? 'encrypted_office' : 'unsupported';
  }
  return looksLikeText(bytes) ? 'text' : 'unsupported';
}
