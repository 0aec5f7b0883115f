import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { lowerThreadPriority } from '../../shared/thread-priority.ts';
import { runInDocumentWorker, type WorkerBudget } from './document-worker.ts';
import { documentLimits, extractText, withDefaults, workerBudget } from './extract-text.ts';

/** The nice value a thread this one starts runs at once it lowered itself to `nice`. */
const expectedNice = (nice: number, here: number) => (process.platform === 'linux' ? Math.max(nice, here) : here);
const budget = (nice: number): WorkerBudget => ({ maxSeconds: 60, maxHeapMb: 256, nice });

describe('the document worker runs below the priority of the thread that starts it', () => {
  it('reports the configured nice value from inside the worker, and leaves this thread as it was', async () => {
    const here = getPriority(0);
    const at = async (nice: number) => {
      const outcome = await runInDocumentWorker<number>('nice', {}, budget(nice));
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.value;
    };
    expect(await at(10)).toBe(expectedNice(10, here));
    expect(await at(19)).toBe(expectedNice(19, here));
    // 0 is off: the worker keeps the priority of the thread that started it.
    expect(await at(0)).toBe(here);
    expect(getPriority(0)).toBe(here);
  });

  it('reads an upload at the configured value (BILLING_WORKER_NICE, default 10)', async () => {
    const here = getPriority(0);
    const limits = documentLimits(loadConfig({}));
    expect(limits.workerNice).toBe(10);
    const text = await extractText(new TextEncoder().encode('STATEMENT OF WORK\n\nRate: $100.00 per hour.'), limits);
    expect(text.ok).toBe(true);
    // The same budget: the worker that read the text answers (a new budget would start a new one).
    const outcome = await runInDocumentWorker<number>('nice', {}, workerBudget(withDefaults(limits)));
    expect(outcome).toEqual({ ok: true, value: expectedNice(10, here) });
    expect(documentLimits(loadConfig({ BILLING_WORKER_NICE: '0' })).workerNice).toBe(0);
    expect(() => loadConfig({ BILLING_WORKER_NICE: '20' })).toThrow(/BILLING_WORKER_NICE/);
    expect(() => loadConfig({ BILLING_WORKER_NICE: '-1' })).toThrow(/BILLING_WORKER_NICE/);
  });

  it('never raises a priority, and renices nothing off Linux (where the call would renice the process)', () => {
    const here = getPriority(0);
    expect(lowerThreadPriority(0)).toBe(here);
    expect(lowerThreadPriority(19, 'darwin')).toBe(here);
    expect(lowerThreadPriority(19, 'win32')).toBe(here);
    expect(getPriority(0)).toBe(here);
  });
});
