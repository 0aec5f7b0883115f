import type { Db } from '../../db/client.ts';
import { appendCheckpoint } from '../audit-checkpoints.ts';
import { takeCheckpoint } from '../../db/stores/audit-checkpoint-store.ts';
import { defineJob, type JobDefinition } from '../runner/job.ts';

export const AUDIT_CHECKPOINT_QUEUE = 'audit.checkpoint';

/**
 * Writes a signed checkpoint of the audit chain's head to the checkpoint file, as the scheduler:
 * what JOB_SCHEDULES runs at fixed times (e.g. "audit.checkpoint=0 2 * * *"), beside the server's
 * own daily checkpoint. The object is the checkpoint file.
 */
export function auditCheckpointJob(deps: { db: Db; file: string; key: string | undefined }): JobDefinition<object> {
  return defineJob<object>({
    queue: AUDIT_CHECKPOINT_QUEUE,
    description: 'Append a signed checkpoint of the audit chain head (AUDIT_CHECKPOINT_KEY) to AUDIT_CHECKPOINT_FILE',
    actAs: 'scheduler',
    retry: { limit: 3, delaySeconds: 60, backoff: true },
    expireInSeconds: 5 * 60,
    policy: 'stately',
    schedulable: true,
    objectOf: () => ({ type: 'audit_checkpoint_file', id: deps.file }),
    async handle(_data, ctx) {
      if (!deps.key) throw new Error('AUDIT_CHECKPOINT_KEY is not set: no checkpoint can be signed');
      const cp = await takeCheckpoint(deps.db, deps.key, new Date());
      await appendCheckpoint(deps.file, cp);
      ctx.log.info('audit checkpoint written', { seq: cp.seq, file: deps.file });
    },
  });
}
