/**
 * The nightly prioritization's scored rows held in this process until the run is ranked, so a
 * server writes each worklist row once (COPY straight into worklist_items with its rank) instead of
 * staging it and ranking it with a second INSERT ... SELECT. Each chunk's rows stay as their COPY
 * text in one Buffer (outside the garbage collector's heap: nothing per row for it to trace), with
 * per row only where its line starts and its sort key in typed arrays (priority, days past due,
 * invoice id). The rows go to the server in rank order, as the ranking statement inserted them: the
 * worklist's (run, collector, rank) index then grows at its ends instead of at random pages.
 */
import { copyField } from '../../db/copy-in.ts';
import type { StagedRow } from '../../db/stores/worklist-staging-store.ts';

/** Grows a typed array to at least `n` elements, doubling. */
function grown<T extends Float64Array | Int32Array | Uint32Array>(a: T, n: number, make: (size: number) => T): T {
  if (n <= a.length) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** The value of a lower-case or upper-case hex digit's character code. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  throw new Error('not a uuid');
}

/** Writes a positive integer's decimal digits into `out` at `at`; returns where they end. */
function writeDigits(out: Buffer, at: number, n: number): number {
  let digits = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
  for (let k = digits - 1, v = n; k >= 0; k--, v = Math.floor(v / 10)) out[at + k] = 48 + (v % 10);
  return at + digits;
}

/**
 * Rows of a run, ranked as worklist_items' ranking orders them: higher priority first, then more
 * days past due, then invoice id (the uuid's bytes, as PostgreSQL compares uuids).
 */
export class RankedSpool {
  private n = 0;
  /** Priority's integer part and its four decimals, each exact in a double: compared, they are the decimal. */
  private whole = new Float64Array(1024);
  private fraction = new Float64Array(1024);
  private daysPastDue = new Int32Array(1024);
  /** The invoice id's 16 bytes as four big-endian 32-bit words. */
  private id = new Uint32Array(4096);
  /** Each row's chunk (its COPY text) and where its line starts and ends in it. */
  private chunkOf = new Uint32Array(1024);
  private start = new Uint32Array(1024);
  private end = new Uint32Array(1024);
  private readonly chunks: Buffer[] = [];
  /** The rank order once sort() has run. */
  private sorted: Uint32Array | null = null;

  get size(): number {
    return this.n;
  }

  /** Keeps a chunk's rows (as one buffer of their COPY text) and their sort keys. */
  add(rows: readonly StagedRow[]): void {
    if (rows.length === 0) return;
    this.sorted = null;
    const end = this.n + rows.length;
    this.whole = grown(this.whole, end, (s) => new Float64Array(s));
    this.fraction = grown(this.fraction, end, (s) => new Float64Array(s));
    this.daysPastDue = grown(this.daysPastDue, end, (s) => new Int32Array(s));
    this.id = grown(this.id, end * 4, (s) => new Uint32Array(s));
    this.chunkOf = grown(this.chunkOf, end, (s) => new Uint32Array(s));
    this.start = grown(this.start, end, (s) => new Uint32Array(s));
    this.end = grown(this.end, end, (s) => new Uint32Array(s));
    let text = '';
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as StagedRow;
      const i = this.n + k;
      this.setPriority(i, r.priority);
      this.daysPastDue[i] = r.days_past_due;
      this.setId(i, r.invoice_id);
      text += `${r.invoice_id}\t${r.collector_id ?? '\\N'}\t${r.priority}\t${copyField(r.action)}\t${copyField(r.step)}\t${copyField(JSON.stringify(r.reasons))}\t${r.open_minor}\t${copyField(r.currency)}\t${r.days_past_due}\t${r.late_probability}\t${r.expected_days_late}\t${r.dispute_probability}\n`;
    }
    const buffer = Buffer.from(text, 'utf8');
    for (let i = this.n, at = 0; i < end; i++) {
      const eol = buffer.indexOf(10, at) + 1;
      this.chunkOf[i] = this.chunks.length;
      this.start[i] = at;
      this.end[i] = eol;
      at = eol;
    }
    this.chunks.push(buffer);
    this.n = end;
  }

  /** Ranks the rows now (copyText otherwise does), so the sort runs before a transaction, not inside it. */
  sort(): void {
    this.sorted = this.order();
  }

  /** The rows' indexes (in the order they were added) from the first rank to the last. */
  order(): Uint32Array {
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    return order.sort((a, b) => this.compare(a, b));
  }

  /**
   * The rows as COPY text for worklist_items in RANKED_COPY's columns (run id and rank first), in
   * rank order, about `rowsPerPiece` rows a Buffer.
   */
  *copyText(runId: string, rowsPerPiece = 10_000): Generator<Buffer> {
    const order = this.sorted ?? this.order();
    const prefix = Buffer.from(`${runId}\t`, 'utf8');
    for (let first = 0; first < this.n; first += rowsPerPiece) {
      const last = Math.min(this.n, first + rowsPerPiece);
      let size = 0;
      for (let r = first; r < last; r++) {
        const i = order[r] as number;
        size += prefix.length + 11 + (this.end[i] as number) - (this.start[i] as number);
      }
      const out = Buffer.allocUnsafe(size);
      let at = 0;
      for (let r = first; r < last; r++) {
        const i = order[r] as number;
        // The whole prefix with TypedArray set: Buffer.copy's argument checks and offsets, per row, were in the profile.
        out.set(prefix, at);
        at += prefix.length;
        at = writeDigits(out, at, r + 1);
        out[at++] = 9; // tab
        at += (this.chunks[this.chunkOf[i] as number] as Buffer).copy(out, at, this.start[i], this.end[i]);
      }
      yield out.subarray(0, at);
    }
  }

  private setPriority(i: number, priority: string): void {
    if (priority.startsWith('-')) throw new Error(`a priority below zero: ${priority}`);
    const dot = priority.indexOf('.');
    this.whole[i] = Number(dot < 0 ? priority : priority.slice(0, dot));
    this.fraction[i] = dot < 0 ? 0 : Number(priority.slice(dot + 1).padEnd(4, '0'));
  }

  private setId(i: number, uuid: string): void {
    let word = 0,
      digits = 0,
      w = i * 4;
    for (let c = 0; c < uuid.length; c++) {
      const code = uuid.charCodeAt(c);
      if (code === 45) continue; // '-'
      word = word * 16 + hexDigit(code);
      if (++digits % 8 === 0) {
        this.id[w++] = word;
        word = 0;
      }
    }
    if (digits !== 32) throw new Error(`not a uuid: ${uuid}`);
  }

  private compare(a: number, b: number): number {
    const whole = (this.whole[b] as number) - (this.whole[a] as number);
    if (whole !== 0) return whole;
    const fraction = (this.fraction[b] as number) - (this.fraction[a] as number);
    if (fraction !== 0) return fraction;
    const days = (this.daysPastDue[b] as number) - (this.daysPastDue[a] as number);
    if (days !== 0) return days;
    for (let k = 0; k < 4; k++) {
      const x = this.id[a * 4 + k] as number,
        y = this.id[b * 4 + k] as number;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
}
