import { expensesApprove } from '../../../tools/expenses/approve-expenses.ts';
import { expensesImport } from '../../../tools/expenses/import-expenses.ts';
import { demoCall, type DemoCallers } from './calls.ts';

export interface DemoExpense {
  externalId: string;
  project: string;
  person: string;
  date: string;
  category: string;
  description: string;
  amount: string;
  currency: string;
}

/** Expenses on three contracts, including one in a foreign currency and a month over the cap. */
export function demoExpenses(): DemoExpense[] {
  const out: DemoExpense[] = [];
  let n = 0;
  const add = (
    project: string,
    person: string,
    date: string,
    category: string,
    description: string,
    amount: string,
    currency: string,
  ) => {
    n += 1;
    out.push({
      externalId: `EX-${String(n).padStart(5, '0')}`,
      project,
      person,
      date,
      category,
      description,
      amount,
      currency,
    });
  };
  for (const m of ['08', '09', '10', '11']) {
    add('SOW-IRONWOOD-01-P1', 'P010', `2026-${m}-06`, 'travel', 'Flight JFK-DTW return', '486.40', 'USD');
    add('SOW-IRONWOOD-01-P1', 'P010', `2026-${m}-07`, 'lodging', 'Hotel Detroit, 2 nights', '412.00', 'USD');
    add('SOW-PRAXIS-01-P1', 'P028', `2026-${m}-12`, 'travel', 'Train Amsterdam-Walldorf', '189.00', 'EUR');
    add('SOW-CEDAR-01-P1', 'P001', `2026-${m}-18`, 'meals', 'Client working dinner', '310.25', 'USD');
  }
  add(
    'SOW-PRAXIS-01-P1',
    'P030',
    '2026-09-22',
    'lodging',
    'Hotel London, 3 nights (workshop with UK team)',
    '645.00',
    'GBP',
  );
  add('SOW-CEDAR-01-P1', 'P003', '2026-10-05', 'travel', 'Flights to Chicago data centre visit', '2480.00', 'USD');
  add('SOW-CEDAR-01-P1', 'P003', '2026-10-06', 'lodging', 'Hotel Chicago, 2 nights', '520.00', 'USD');
  return out;
}

/**
 * The demo's expenses through the catalogue: the clerk records them (expenses_import, one call,
 * submitted), then the project manager approves them, one expenses_approve call per project.
 */
export async function recordDemoExpenses(as: DemoCallers, list: DemoExpense[]): Promise<void> {
  const { ids } = await demoCall<{ ids: number[] }>(as.clerk, expensesImport, {
    expenses: list.map((e) => ({
      externalId: e.externalId,
      project: e.project,
      person: e.person,
      incurredOn: e.date,
      category: e.category,
      description: e.description,
      amount: e.amount,
      currency: e.currency,
    })),
  });
  const byProject = new Map<string, number[]>();
  list.forEach((e, i) => byProject.set(e.project, [...(byProject.get(e.project) ?? []), ids[i]!]));
  for (const projectIds of byProject.values()) await demoCall(as.pm, expensesApprove, { ids: projectIds });
}
