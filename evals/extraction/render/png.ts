import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A greyscale PNG of "text-like" stripes: the picture a scanner would put on a page, with no text layer. */
export function scanLikePng(width = 600, height = 800, seed = 1): Buffer {
  const raw = Buffer.alloc((width + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    const line = Math.floor(y / 18);
    const inInk = y % 18 < 9 && line > 1 && line < 40;
    const len = 200 + ((seed * 7919 + line * 104729) % 340);
    if (!inInk) continue;
    for (let x = 40; x < 40 + len && x < width; x++)
      raw[y * (width + 1) + 1 + x] = (x * 31 + y * 17 + seed) % 7 === 0 ? 200 : 40;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
