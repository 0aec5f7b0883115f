import type { Actor } from '../../policy/roles.ts';
import type { ServiceIdentityName } from '../../policy/service-identities.ts';
import type { Logger } from '../../shared/log.ts';

/** What a job handler gets besides its data: who it acts as, which job and try it is, a logger bound to it. */
export interface JobContext {
  /** The service identity the job acts as (policy and audit see this actor, never a person). */
  actor: Actor;
  jobId: string;
  /** 1 for the first try. */
  attempt: number;
  log: Logger;
}

/** How often and how late a failed job is tried again: delay, then (backoff) about 2x, 4x, ... that delay, with jitter. */
export interface RetryPolicy {
  limit: number;
  delaySeconds: number;
  backoff: boolean;
}

/**
 * A kind of background work: its queue, the service identity it acts as, how it retries, which
 * business object a job concerns (for the failure record) and its handler. Handlers must be
 * idempotent: a job may run again after a crash between its work and its completion.
 */
export interface JobDefinition<D extends object = object> {
  queue: string;
  description: string;
  actAs: ServiceIdentityName;
  retry: RetryPolicy;
  /** How long one try may run before it counts as failed (a killed process's job is taken up after this). */
  expireInSeconds: number;
  /**
   * 'stately': at most one job per singleton key waiting, one retrying and one running (a document
   * queued twice is processed once); 'standard': no such limit.
   */
  policy: 'standard' | 'stately';
  /** May run on a cron schedule from configuration (JOB_SCHEDULES); its data is then {}. */
  schedulable: boolean;
  objectOf(data: D): { type: string; id: string };
  handle(data: D, ctx: JobContext): Promise<void>;
}

/** Identity function that keeps a definition's data type. */
export const defineJob = <D extends object>(def: JobDefinition<D>): JobDefinition<D> => def;
