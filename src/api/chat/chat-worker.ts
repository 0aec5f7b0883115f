import { deliverDecisionNotices } from './deliver-notices.ts';
import { relayChatNotices, type RelayDeps } from './relay-notices.ts';

/**
 * The chat adapters' background work in the server process: work acknowledged to Slack (or
 * Teams) runs right after the response is sent (`run`), and the outbox relay and the delivery of decision
 * notices (deliver-notices.ts) run when kicked and every few seconds, which also takes up what a restart cut
 * off (`sweep`). Everything it works on
 * is in the database first (chat_inbound_events, chat_notices), so nothing is lost with the process.
 */
export interface ChatWorker {
  /** Runs a task after the current response (never awaited by the request); errors are logged. */
  run(name: string, task: () => Promise<void>): void;
  /** Relays the outbox soon (coalesced: one relay at a time, one more queued at most). */
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
}

/** The chat worker over a relay's dependencies. */
export function createChatWorker(o: ChatWorkerOptions): ChatWorker {
  const inFlight = new Set<Promise<void>>();
  let relaying: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  const log = o.relay.log;
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const relayOnce = async (): Promise<void> => {
    do {
      again = false;
      try {
        await relayChatNotices(o.relay);
      } catch (e) {
        log('chat relay failed', { error: e instanceof Error ? e.message : String(e) });
      }
      try {
        // Decision notices (an invoice approved or rejected) to their person's DM, each once.
        await deliverDecisionNotices(o.relay);
      } catch (e) {
        log('decision notice delivery failed', { error: e instanceof Error ? e.message : String(e) });
      }
    } while (again);
  };
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
      if (relaying) {
        again = true;
        return;
      }
      relaying = relayOnce().finally(() => {
        relaying = null;
      });
      track(relaying);
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
