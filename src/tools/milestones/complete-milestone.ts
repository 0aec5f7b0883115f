import { z } from 'zod';
import { milestoneCompleteSchema } from '../../billing/inputs/work-inputs.ts';
import { defineTool } from '../define-tool.ts';
import { milestoneViewSchema, transitionMilestone } from './transition-milestone.ts';

export const milestonesComplete = defineTool({
  name: 'milestones_complete',
  description:
    'Marks a pending milestone completed (delivery says the work is done), on the day given. A completed one is returned as it is; ' +
    "an accepted one cannot go back. The client's acceptance (milestones_accept) makes it billable.",
  input: z.object({ id: z.uuid().describe('The milestone id') }).extend(milestoneCompleteSchema.shape),
  output: milestoneViewSchema,
  risk: 'write',
  policyAction: 'milestone.complete',
  handler: (ctx, { id, completedOn }) =>
    transitionMilestone(
      ctx,
      id,
      { type: 'milestone.complete', target: { kind: 'milestone', id }, args: { completedOn } },
      { completedOn },
    ),
});
