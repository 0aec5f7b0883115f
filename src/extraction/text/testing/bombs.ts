import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Test support: decompression bombs built at test time (small files that expand hugely), so no large
 * fixture is committed. A piece compressed with a full flush is a self-contained, byte-aligned run
 * of deflate blocks, so repeating its bytes repeats its text: 1 MB of runs costs a few KB once.
 */
export interface Piece {
  text: string;
  times?: number;
}

/** A raw deflate stream of the pieces in order, each repeated `times`, plus its inflated size and CRC-32. */
export function deflatePieces(pieces: Piece[]): { data: Uint8Array; size: number; crc: number } {
  const out: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const { text, times = 1 } of pieces) {
    const raw = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(raw, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
    for (let i = 0; i < times; i++) {
      out.push(packed);
      crc = crc32(raw, crc);
    }
    size += raw.length * times;
  }
  out.push(Buffer.from([0x03, 0x00])); // a final, empty fixed-Huffman block
  return { data: new Uint8Array(Buffer.concat(out)), size, crc };
}

/** A ZIP archive of already-deflated entries; it declares their true sizes (modulo 2^32) unless told to lie. */
export function zipOf(
  entries: Record<string, { data: Uint8Array; size: number; crc: number }>,
  opts: { declaredSize?: number } = {},
): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, e] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = (sig: number, length: number) => {
      const b = Buffer.alloc(length);
      b.writeUInt32LE(sig, 0);
      return b;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE((opts.declaredSize ?? e.size) % 2 ** 32, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = header(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE((opts.declaredSize ?? e.size) % 2 ** 32, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, Buffer.from(e.data));
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + e.data.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(
    centrals.reduce((n, b) => n + b.length, 0),
    12,
  );
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A DOCX whose word/document.xml is the given body pieces between the document's start and end. */
export function docxOf(body: Piece[], opts: { declaredSize?: number } = {}): Uint8Array {
  const small = (text: string) => deflatePieces([{ text }]);
  return zipOf(
    {
      '[Content_Types].xml': small(CONTENT_TYPES),
      '_rels/.rels': small(RELS),
      'word/document.xml': deflatePieces([
        { text: `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>` },
        ...body,
        { text: '</w:body></w:document>' },
      ]),
    },
    opts,
  );
}

/** ~33 million tiny text runs (~400 MB of XML) in a DOCX under 1 MB, like the one that killed the server. */
export const docxRunsBomb = (megabytes = 400): Uint8Array =>
  docxOf([{ text: `<w:p>${'<w:r><w:t>a</w:t></w:r>'.repeat(43_690)}</w:p>`, times: megabytes }]);

/** One paragraph of `megabytes` MB of text in a DOCX of about a megabyte. */
export const docxTextBomb = (megabytes = 1024): Uint8Array =>
  docxOf([
    { text: '<w:p><w:r><w:t>' },
    { text: 'lorem ipsum '.repeat(87_382), times: megabytes },
    { text: '</w:t></w:r></w:p>' },
  ]);

/** A DOCX padded with `megabytes` MB of an XML comment: neither text nor elements, only unzipped bytes. */
export const docxPaddingBomb = (megabytes: number, opts: { declaredSize?: number } = {}): Uint8Array =>
  docxOf(
    [
      { text: '<w:p><w:r><w:t>Statement of work</w:t></w:r></w:p><!--' },
      { text: 'x'.repeat(1 << 20), times: megabytes },
      { text: '-->' },
    ],
    opts,
  );

/** A one-page PDF whose content stream inflates to `megabytes` MB of text-showing operators. */
export function pdfTextBomb(megabytes = 200): Uint8Array {
  const line = '(lorem ipsum dolor sit amet) Tj 0 0 Td\n';
  const stream = deflatePieces([
    { text: 'BT /F1 12 Tf 10 50 Td\n' },
    { text: line.repeat(Math.floor((1 << 20) / line.length)), times: megabytes },
    { text: 'ET\n' },
  ]);
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
      '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n' +
      `4 0 obj<</Length ${stream.data.length + 2}/Filter/FlateDecode>>stream\n`,
  );
  // zlib header (deflate, 32K window, no dictionary) before the raw stream; pdf.js does not check the Adler-32.
  const body = Buffer.concat([Buffer.from([0x78, 0x9c]), Buffer.from(stream.data)]);
  const tail = Buffer.from('\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  return new Uint8Array(Buffer.concat([head, body, tail]));
}
