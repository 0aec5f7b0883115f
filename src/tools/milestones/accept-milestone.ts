import { z } from 'zod';
import { milestoneAcceptSchema } from '../../billing/inputs/work-inputs.ts';
import { defineTool } from '../define-tool.ts';
import { milestoneViewSchema, transitionMilestone } from './transition-milestone.ts';

export const milestonesAccept = defineTool({
  name: 'milestones_accept',
  description:
    "Records the client's acceptance of a pending or completed milestone (the day and who accepted): the next billing run bills it. " +
    'An accepted one is returned as it is.',
  input: z.object({ id: z.uuid().describe('The milestone id') }).extend(milestoneAcceptSchema.shape),
  output: milestoneViewSchema,
  risk: 'write',
  policyAction: 'milestone.accept',
  handler: (ctx, { id, acceptedOn, acceptedBy }) =>
    transitionMilestone(
      ctx,
      id,
      { type: 'milestone.accept', target: { kind: 'milestone', id }, args: { acceptedOn, acceptedBy } },
      { acceptedOn, acceptedBy },
    ),
});
