import { describe, expect, it } from 'vitest';
import { singleFlight } from './chat-worker.ts';

/** A kick while the relay (or the delivery) runs is never lost, whenever it lands: it runs once more. */
describe('the chat worker runs each loop one at a time', () => {
  const drain = async (inFlight: Set<Promise<void>>) => {
    while (inFlight.size > 0) {
      const all = [...inFlight];
      inFlight.clear();
      await Promise.all(all);
    }
  };

  it('runs once more for a kick that lands at any step of a run ending', async () => {
    // The kick lands `hops` promise steps after the run's last step began: across its end, one step at a time.
    for (let hops = 0; hops <= 12; hops++) {
      const inFlight = new Set<Promise<void>>();
      let runs = 0;
      const kick: () => void = singleFlight(
        async () => {
          runs += 1;
          if (runs > 1) return;
          let p = Promise.resolve();
          for (let i = 0; i < hops; i++) p = p.then(() => undefined);
          void p.then(() => kick());
        },
        (p) => void inFlight.add(p),
      );
      kick();
      await drain(inFlight);
      // Let any step still queued land, then finish what it started.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      await drain(inFlight);
      expect(runs, `a kick ${hops} steps on`).toBe(2);
    }
  });

  it('coalesces kicks while it runs into one more run, never two at once', async () => {
    const inFlight = new Set<Promise<void>>();
    let running = 0;
    let most = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const kick = singleFlight(
      async () => {
        runs += 1;
        running += 1;
        most = Math.max(most, running);
        if (runs === 1) await new Promise<void>((r) => (release = r));
        running -= 1;
      },
      (p) => void inFlight.add(p),
    );
    kick();
    kick();
    kick();
    release();
    await drain(inFlight);
    expect([runs, most]).toEqual([2, 1]);
  });

  it('runs once more for a kick that came while a run threw', async () => {
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    let runs = 0;
    let release: () => void = () => undefined;
    const kick = singleFlight(
      async () => {
        runs += 1;
        if (runs > 1) return;
        await new Promise<void>((r) => (release = r));
        throw new Error('the relay failed');
      },
      (p) => void inFlight.add(p.catch((e: unknown) => void failures.push(e))),
    );
    kick();
    kick();
    release();
    await drain(inFlight);
    expect([runs, failures.length]).toEqual([2, 1]);
  });
});
