// The embedded database of a running server: PGlite in a worker thread, served to the server's own
// pg pool and to CLI processes over a Unix socket that speaks the PostgreSQL wire protocol.
//
// Plain JavaScript so every runtime loads it as a worker (like extraction's pdf-worker.mjs).
//
// Why a worker: PGlite runs PostgreSQL compiled to WebAssembly, synchronously, on the thread that
// calls it. On the server's main thread a billing run's statements stalled every other request
// (/health took 7 s); here they run beside the event loop.
//
// Why not @electric-sql/pglite-socket's server: it queues single protocol messages, not a client's
// whole Parse/Bind/Execute/Sync sequence, so when one request's messages arrive in two TCP chunks (a
// parameter over ~64 kB, such as an import's rows) another connection's Parse can run in between and
// the first connection's Bind then binds the other's statement (measured: "bind message supplies 2
// parameters, but prepared statement "" requires 1", 12 of 388 queries). This server runs each
// connection's messages up to a Sync (or a simple Query) as one unit, and while a connection has a
// transaction open (explicit, or a portal waiting after a Flush) only that connection's units run.
//
// Named prepared statements are each connection's own: every connection shares PGlite's one session,
// so the names a client gives (drizzle's `.prepare(name)`) are rewritten to `c<connection>:<name>` in
// its Parse, Bind, Describe and Close messages, and dropped when it goes. Parsed unnamed, the invoice
// detail was parsed and planned on every read: about half of its engine time.
import { parentPort, workerData } from 'node:worker_threads';
import { createServer } from 'node:net';
import { chmod, rm } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

const { dataDir, socketPath, slowUnitMs = 200, analyzeAfterWrites = 200, analyzeQuietMs = 1000 } = workerData;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Message types that end a unit: Sync, Query, Flush, CopyDone, CopyFail. */
const UNIT_END = new Set(['S', 'Q', 'H', 'c', 'f'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);
const FLUSH = 'H'.charCodeAt(0);

const db = await PGlite.create({ dataDir, extensions: { vector } });

/** Units waiting to run: { conn, bytes, endsWithFlush }. */
const queue = [];
/** The connection whose transaction is open: only its units run until it closes. */
let owner = null;
let running = false;
const connections = new Set();

/**
 * The transaction in progress: when it took the engine, how many units it ran and its first
 * statement after BEGIN. Between its statements the engine waits for its client, and every other
 * connection with it, so a transaction is reported like a statement when it held the engine long.
 */
let held = null;
const BEGIN = /^(begin|start transaction)\b/i;

/**
 * A simple Query that only opens a transaction (BEGIN or START TRANSACTION, with its modes) is
 * answered at once and run just before the connection's next unit (deferred BEGIN). Run when it
 * arrives, it made the connection the engine's owner while its client was still sending the first
 * statement: a 1.5 MB document's insert (3 MB of parameters) took ~190 ms to arrive on a busy
 * server, and every other connection waited that long. PostgreSQL takes a transaction's snapshot at
 * its first statement, not at BEGIN, so running BEGIN then changes nothing the client can see.
 */
const PLAIN_BEGIN = /^\s*(begin|start\s+transaction)\b[^;]*;?\s*$/i;
function deferredBeginTag(bytes) {
  if (bytes[0] !== 0x51 /* Q */) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = 1 + buf.readInt32BE(1);
  if (end !== buf.length) return null; // one message only
  const text = buf.toString('utf8', 5, end - 1);
  const m = PLAIN_BEGIN.exec(text);
  return m ? (m[1].toLowerCase() === 'begin' ? 'BEGIN' : 'START TRANSACTION') : null;
}
/** CommandComplete(tag) then ReadyForQuery('T'): what PostgreSQL answers a BEGIN. */
function beginReply(tag) {
  const complete = Buffer.alloc(1 + 4 + tag.length + 1);
  complete[0] = 0x43; // C
  complete.writeInt32BE(4 + tag.length + 1, 1);
  complete.write(tag, 5, 'ascii');
  return Buffer.concat([complete, Buffer.from([0x5a /* Z */, 0, 0, 0, 5, 0x54 /* T */])]);
}

/**
 * Statistics upkeep. A PostgreSQL server's autovacuum analyzes (and vacuums) a table once enough of
 * it changed; this engine runs single-user and never does, so the planner kept the statistics of
 * empty tables (with them an invoice's detail scanned its 60,000-row link table, 50 ms and more,
 * where the index took 8 ms), tables kept every dead row of every re-drafted invoice, and rows never
 * got their hint bits set by a vacuum (the detail's time-entry sources took 9 ms before a vacuum of
 * the freshly written links and 2.3 ms after). Once the folder opens every table, and after
 * `analyzeAfterWrites` write statements the tables they wrote, get VACUUM (ANALYZE) as soon as no
 * write has run for `analyzeQuietMs`: one table per turn on the engine, between the connections'
 * units, so a request waits at most for one table (time_entries at 60,000 rows: ~250 ms).
 */
let writes = analyzeAfterWrites;
let lastWriteAt = 0;
/** Tables written since the last pass began ('schema.table', unquoted); null: every table (the first pass). */
let dirty = null;
/** Tables left in the pass under way ([schema, table]); null when none is. */
let upkeep = null;
let maintaining = false;
/** The tables a statement writes: INSERT INTO, UPDATE, DELETE FROM, COPY, in CTEs too. */
const WRITTEN =
  /\b(?:insert\s+into|update|delete\s+from|copy)\s+((?:"[^"]+"|[a-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[a-z_][\w$]*))?)/gi;
const unquote = (part) => (part.startsWith('"') ? part.slice(1, -1) : part.toLowerCase());
/** Statements that write no table by their own text (a read's `FOR UPDATE` is not an UPDATE). */
const READ_ONLY = /^\s*(select|show|set|reset|begin|start|commit|rollback|savepoint|release|values|explain)\b/i;
function noteWrites(text) {
  // Most units are single reads: looked at once, not scanned for write keywords (a script of
  // several statements, such as pg-boss's BEGIN; ...; INSERT, still is).
  if (READ_ONLY.test(text) && !text.includes(';')) return;
  // Each write in the unit counts: a billing run's draft is one script of several writes, and
  // counted as one, a run of 120 drafts never reached the threshold, so the tables it rewrote kept
  // the statistics of before it (an empty link table: the invoice detail scanned all of it).
  let n = 0;
  for (const m of text.matchAll(WRITTEN)) {
    const parts = m[1].split(/\s*\.\s*/).map(unquote);
    dirty?.add(parts.length === 2 ? `${parts[0]}.${parts[1]}` : `public.${parts[0]}`);
    n += 1;
  }
  if (n === 0) return;
  writes += n;
  lastWriteAt = performance.now();
}

async function maintain() {
  if (running || maintaining || owner || queue.length > 0) return;
  if (!upkeep && (writes < analyzeAfterWrites || performance.now() - lastWriteAt < analyzeQuietMs)) return;
  maintaining = true;
  try {
    // db.query and db.exec take the engine's lock themselves (inside runExclusive they would wait
    // for it forever); no unit runs meanwhile, since pump() waits while this is maintaining.
    if (db.isInTransaction()) return;
    if (!upkeep) {
      const { rows } = await db.query(
        `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
         ORDER BY c.relpages DESC`,
      );
      const wanted = dirty;
      writes = 0;
      dirty = new Set();
      upkeep = rows.filter((r) => !wanted || wanted.has(`${r.s}.${r.t}`)).map((r) => [r.s, r.t]);
    }
    const next = upkeep.shift();
    if (next) {
      const table = next.map((p) => `"${p.replaceAll('"', '""')}"`).join('.');
      const started = performance.now();
      try {
        await db.exec(`VACUUM (ANALYZE) ${table}`);
      } catch {
        // dropped meanwhile: nothing to keep up
      }
      const ms = performance.now() - started;
      if (ms >= slowUnitMs)
        parentPort.postMessage({
          type: 'slow',
          ms: Math.round(ms),
          statement: `VACUUM (ANALYZE) ${next.join('.')} (upkeep)`,
        });
    }
    if (upkeep.length === 0) upkeep = null;
  } catch {
    upkeep = null; // the engine closing: the next pass starts over
  } finally {
    maintaining = false;
  }
  if (upkeep && queue.length === 0) setImmediate(() => void maintain().catch(fail));
  else if (queue.length > 0) void pump().catch(fail);
}
setInterval(() => void maintain().catch(fail), Math.min(500, analyzeQuietMs)).unref();

async function pump() {
  if (running || maintaining) return;
  running = true;
  try {
    for (;;) {
      const i = owner ? queue.findIndex((u) => u.conn === owner) : 0;
      if (i < 0 || queue.length === 0) break;
      const [unit] = queue.splice(i, 1);
      const tag = !owner && !unit.conn.deferredBegin ? deferredBeginTag(unit.bytes) : null;
      if (tag) {
        unit.conn.deferredBegin = unit.bytes;
        if (!unit.conn.destroyed) unit.conn.write(beginReply(tag));
        continue;
      }
      const started = performance.now();
      if (!owner) held = { since: started, units: 0, busy: 0, statement: null };
      await db.runExclusive(async () => {
        const begin = unit.conn.deferredBegin;
        if (begin) {
          unit.conn.deferredBegin = null;
          await db.execProtocolRawStream(begin, { onRawData: () => {} });
          // Answered as done already: a BEGIN that did not open a transaction cannot let the
          // statements after it run one by one, so the connection is closed (the client sees it fail).
          if (!db.isInTransaction()) {
            unit.conn.destroy();
            return;
          }
        }
        await db.execProtocolRawStream(unit.bytes, {
          onRawData: (chunk) => {
            if (!unit.conn.destroyed) unit.conn.write(Buffer.from(chunk));
          },
        });
      });
      const ms = performance.now() - started;
      // Every other connection waited this long: name the statement, so a stall can be found.
      if (ms >= slowUnitMs) parentPort.postMessage({ type: 'slow', ms: Math.round(ms), statement: statementOf(unit) });
      // A script's writes can come after kilobytes of values: read all of a multi-statement unit's text.
      const text = sqlText(unit, 262_144);
      if (text !== null) noteWrites(text);
      owner = db.isInTransaction() || unit.endsWithFlush ? unit.conn : null;
      // A unit's owner that went away while it ran leaves no transaction behind.
      if (owner && owner.destroyed) await rollbackFor(owner);
      if (held) {
        held.units += 1;
        held.busy += ms;
        if (held.statement === null || BEGIN.test(held.statement)) held.statement = statementOf(unit);
        if (!owner) {
          const txMs = performance.now() - held.since;
          // One unit alone was reported above when it was slow.
          if (held.units > 1 && txMs >= slowUnitMs)
            parentPort.postMessage({
              type: 'slow',
              ms: Math.round(txMs),
              // How much of the hold the engine worked; the rest it waited for the client's next statement.
              statement: `transaction of ${held.units} statements (engine busy ${Math.round(held.busy)} ms): ${held.statement}`,
            });
          held = null;
        }
      }
    }
  } finally {
    running = false;
  }
}

/**
 * The SQL text of a unit's first Parse or Query message (or of the named statement its Bind runs), cut to
 * 160 characters (parameters travel apart in Bind messages, so no value is in it; a simple Query's
 * literals are cut with the rest).
 */
function statementOf(unit) {
  const text = sqlText(unit, 4096);
  if (text === null) return '(no statement text: a continued portal or the startup)';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

/**
 * The first `max` bytes of the SQL text of a unit's first Parse or Query message, or of the statement
 * its first Bind names (parsed by an earlier unit of the connection); null when it has none.
 */
function sqlText(unit, max) {
  const { bytes } = unit;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 5 <= buf.length; ) {
    const type = buf[at];
    const end = at + 1 + buf.readInt32BE(at + 1);
    if (type === 0x51 /* Q */ || type === 0x50 /* P */) {
      let from = at + 5;
      if (type === 0x50) from = buf.indexOf(0, from) + 1; // skip the statement's name
      const to = buf.indexOf(0, from);
      return buf.toString('utf8', from, Math.min(to < 0 || to > end ? end : to, from + max));
    }
    if (type === 0x42 /* B */) {
      const portalEnd = buf.indexOf(0, at + 5);
      const name = buf.toString('utf8', portalEnd + 1, buf.indexOf(0, portalEnd + 1));
      const text = unit.conn.statements?.get(name);
      if (text !== undefined) return text.slice(0, max);
    }
    if (end <= at) break;
    at = end;
  }
  return null;
}

/**
 * A unit's messages with the connection's statement names made its own (`c<id>:<name>`, the unnamed
 * statement left as it is), noting each name parsed (with its text) or closed on the connection.
 * The bytes as they came when no message names a statement.
 */
function ownStatementNames(conn, bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  let renamed = false;
  const prefix = `c${conn.serial}:`;
  const cstring = (from) => {
    const to = buf.indexOf(0, from);
    return { text: buf.toString('utf8', from, to), next: to + 1 };
  };
  for (let at = 0; at + 5 <= buf.length; ) {
    const type = buf[at];
    const end = at + 1 + buf.readInt32BE(at + 1);
    if (end <= at) break;
    let head = null; // [bytes before the name, the name, the offset after it]
    if (type === 0x50 /* P */ || type === 0x42 /* B */) {
      let from = at + 5;
      let before = from;
      if (type === 0x42) before = from = cstring(from).next; // the portal's name, kept
      const name = cstring(from);
      if (name.text) {
        head = [before, name.text, name.next];
        if (type === 0x50) conn.statements.set(`${prefix}${name.text}`, cstring(name.next).text);
      }
    } else if ((type === 0x44 /* D */ || type === 0x43) /* C */ && buf[at + 5] === 0x53 /* S */) {
      const name = cstring(at + 6);
      if (name.text) {
        head = [at + 6, name.text, name.next];
        if (type === 0x43) conn.statements.delete(`${prefix}${name.text}`);
      }
    }
    if (head) {
      const [before, name, after] = head;
      const own = Buffer.from(`${prefix}${name}\0`, 'utf8');
      const length = before - (at + 1) + own.length + (end - after);
      const lengthBytes = Buffer.alloc(4);
      lengthBytes.writeInt32BE(length);
      out.push(buf.subarray(at, at + 1), lengthBytes, buf.subarray(at + 5, before), own, buf.subarray(after, end));
      renamed = true;
    } else out.push(buf.subarray(at, end));
    at = end;
  }
  return renamed ? new Uint8Array(Buffer.concat(out)) : bytes;
}

/** A statement run for the worker itself, queued like a connection's unit (after any open transaction). */
/** Set when the server is told to close: nothing more is queued for the engine. */
let closing = false;
const WORKER = { destroyed: false, deferredBegin: null, statements: new Map(), write: () => true };
function queueForWorker(text) {
  if (closing) return; // the engine closes, and the session's statements with it
  const body = Buffer.from(`${text}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message[0] = 0x51; // Q
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  queue.push({ conn: WORKER, bytes: new Uint8Array(message), endsWithFlush: false });
  void pump().catch(fail);
}

async function rollbackFor(conn) {
  if (owner !== conn) return;
  await db.exec('ROLLBACK'); // takes the engine's lock itself (inside runExclusive it would wait forever)
  owner = null;
}

let serials = 0;

function serve(conn) {
  connections.add(conn);
  conn.serial = ++serials;
  /** The statements this connection parsed under a name (by the name made its own), with their text. */
  conn.statements = new Map();
  conn.setNoDelay(true);
  // What has arrived and is not yet a whole message, as received: joined once the message is
  // complete (joining on every chunk copied a 3 MB message ~50 times while it arrived).
  let chunks = [];
  let size = 0;
  let started = false;
  let pending = [];
  const enqueue = (parts, endsWithFlush) => {
    const bytes = ownStatementNames(conn, new Uint8Array(Buffer.concat(parts)));
    queue.push({ conn, bytes, endsWithFlush });
    void pump().catch(fail);
  };
  conn.on('data', (data) => {
    chunks.push(data);
    size += data.length;
    // The next message's length is in its first bytes (startup: 4, then 5): wait until all of it is here.
    if (size < (started ? 5 : 8)) return;
    if (chunks[0].length < 8) chunks = [Buffer.concat(chunks, size)];
    const need = started ? 1 + chunks[0].readInt32BE(1) : chunks[0].readInt32BE(0);
    if (size < need) return;
    let buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    chunks = [];
    size = 0;
    for (;;) {
      if (!started) {
        if (buffer.length < 8) break;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (buffer.length < length) break;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          conn.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          conn.end();
          return;
        }
        started = true;
        enqueue([message], false);
        continue;
      }
      if (buffer.length < 5) break;
      const type = buffer[0];
      const total = 1 + buffer.readInt32BE(1);
      if (buffer.length < total) break;
      const message = buffer.subarray(0, total);
      buffer = buffer.subarray(total);
      if (type === TERMINATE) {
        conn.end();
        return;
      }
      pending.push(message);
      if (UNIT_END.has(type)) {
        enqueue(pending, type === FLUSH);
        pending = [];
      }
    }
    // The start of the next message, kept until the rest of it arrives.
    if (buffer.length > 0) {
      chunks = [buffer];
      size = buffer.length;
    }
  });
  const gone = () => {
    connections.delete(conn);
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].conn === conn) queue.splice(i, 1);
    if (owner === conn && !running) void rollbackFor(conn).then(pump).catch(fail);
    // Its named statements go with it (run after whatever transaction is open ends).
    if (conn.statements.size > 0) {
      const names = [...conn.statements.keys()].map((n) => `"${n.replaceAll('"', '""')}"`);
      conn.statements.clear();
      // One each: a name whose Parse failed was never made, and its error must not keep the rest.
      for (const n of names) queueForWorker(`DEALLOCATE ${n}`);
    }
  };
  conn.on('close', gone);
  conn.on('error', () => conn.destroy());
}

function fail(e) {
  // The engine itself failed (a WebAssembly abort): nothing it answers can be trusted any more.
  parentPort.postMessage({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}

await rm(socketPath, { force: true });
const server = createServer(serve);
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(socketPath, resolve);
});
await chmod(socketPath, 0o600);
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async (msg) => {
  if (msg?.type !== 'close') return;
  // Before the connections go: each one's 'close' would queue the DEALLOCATE of its statements, and those
  // ran on the engine after it closed ("the embedded database failed" on a clean SIGTERM).
  closing = true;
  server.close();
  for (const conn of connections) conn.destroy();
  while (running || maintaining) await new Promise((r) => setTimeout(r, 5));
  await db.close();
  await rm(socketPath, { force: true });
  parentPort.postMessage({ type: 'closed' });
});
