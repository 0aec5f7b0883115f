/** The demo firm's hourly rate cards by role (USD for the US entity, EUR for the Dutch one) and cost rates. */

export const ROLE_RATES_USD: Record<string, string> = {
  Partner: '420.00',
  Principal: '320.00',
  'Senior Consultant': '240.00',
  Consultant: '185.00',
  Analyst: '140.00',
  Engineer: '210.00',
  Designer: '170.00',
  'Project Manager': '190.00',
};
export const ROLE_RATES_EUR: Record<string, string> = {
  Partner: '380.00',
  Principal: '290.00',
  'Senior Consultant': '215.00',
  Consultant: '165.00',
  Analyst: '125.00',
  Engineer: '190.00',
  Designer: '150.00',
  'Project Manager': '170.00',
};
export const COST_RATES: Record<string, string> = {
  Partner: '190.00',
  Principal: '150.00',
  'Senior Consultant': '105.00',
  Consultant: '82.00',
  Analyst: '60.00',
  Engineer: '95.00',
  Designer: '75.00',
  'Project Manager': '85.00',
  'Data Scientist': '110.00',
};

/** A rate card from role rates, effective from a day (hourly). */
export const card = (rates: Record<string, string>, from = '2026-01-01') =>
  Object.entries(rates).map(([role, rate]) => ({ role, rate, unit: 'hour' as const, effectiveFrom: from }));
