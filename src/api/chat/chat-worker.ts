import { deliverDecisionNotices, type NoticeDeliveryOptions } from './deliver-notices.ts';
import { relayChatNotices, type RelayDeps } from './relay-notices.ts';

/**
 * The chat adapters' background work in the server process: work acknowledged to Slack (or
 * Teams) runs right after the response is sent (`run`), and the outbox relay and the delivery of decision
 * notices (deliver-notices.ts) run when kicked and every few seconds, which also takes up what a restart cut
 * off (`sweep`). The relay and the delivery are two loops, each one at a time: a delivery slowed by a chat tool
 * that answers slowly (or not at all) never holds an approver's request card back. Everything it works on
 * is in the database first (chat_inbound_events, chat_notices), so nothing is lost with the process.
 */
export interface ChatWorker {
  /** Runs a task after the current response (never awaited by the request); errors are logged. */
  run(name: string, task: () => Promise<void>): void;
  /** Relays the outbox and delivers decision notices soon (each coalesced: one run at a time, one more queued). */
  kick(): void;
  /** Resolves when no task or relay is in flight or queued (tests, shutdown). */
  idle(): Promise<void>;
  /** Starts the periodic relay and sweep. */
  start(): void;
  stop(): Promise<void>;
}

export interface ChatWorkerOptions {
  relay: RelayDeps;
  /** Takes up inbound events acknowledged but never handled (each adapter's own). */
  sweeps?: readonly (() => Promise<void>)[];
  intervalMs?: number;
  /** The delivery's time budget per run and the age past which a notice is left in the inbox. */
  delivery?: NoticeDeliveryOptions;
}

/**
 * A task run one at a time: a kick while it runs queues one more run (coalesced), never a second at once. The loop
 * lets go of `running` in the same step as it last finds no kick queued: a kick after that starts a new loop; none
 * falls between (a `.finally` on the loop's promise would let go a few steps later, and a kick in between was lost
 * until the interval's next kick).
 */
export function singleFlight(task: () => Promise<void>, track: (p: Promise<void>) => void): () => void {
  let running = false;
  let again = false;
  const loop = async () => {
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = false;
      // A run that threw leaves a kick that came meanwhile queued: it starts a loop of its own.
      if (again) {
        again = false;
        running = true;
        track(loop());
      }
    }
  };
  return () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    track(loop());
  };
}

/** The chat worker over a relay's dependencies. */
export function createChatWorker(o: ChatWorkerOptions): ChatWorker {
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  const log = o.relay.log;
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const relay = singleFlight(async () => {
    try {
      await relayChatNotices(o.relay);
    } catch (e) {
      log('chat relay failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }, track);
  // Decision notices (an invoice approved or rejected) to their person's DM, each once: a loop of its own.
  const deliver = singleFlight(async () => {
    try {
      await deliverDecisionNotices(o.relay, o.delivery);
    } catch (e) {
      log('decision notice delivery failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }, track);
  const worker: ChatWorker = {
    run(name, task) {
      track(
        new Promise<void>((resolve) => setImmediate(resolve))
          .then(task)
          .catch((e: unknown) =>
            log('chat task failed', { task: name, error: e instanceof Error ? e.message : String(e) }),
          )
          .finally(() => worker.kick()),
      );
    },
    kick() {
      relay();
      deliver();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    start() {
      timer = setInterval(() => {
        for (const sweep of o.sweeps ?? [])
          track(sweep().catch((e: unknown) => log('chat sweep failed', { error: String(e) })));
        worker.kick();
      }, o.intervalMs ?? 5_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await worker.idle();
    },
  };
  return worker;
}
