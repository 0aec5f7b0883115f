/**
 * The held-release firm: the small firm with a 1,000.00 USD not-to-exceed cap and 100 h of Ana at 140.00 in 2026-10,
 * billed, so its draft bills 999.60 and holds 13,000.40 behind a cap_exceeded exception the account manager owns;
 * with the test users of LE-US and the API over it.
 */
import { createTestDatabase } from './db.ts';
import { createTestUsers, testApp } from './api.ts';
import { addTime, bill, loadFirm, smallFirm } from './firm.ts';

export async function heldReleaseFirm() {
  const database = await createTestDatabase();
  const bundle = smallFirm();
  bundle.contracts[0]!.notToExceed = '1000.00';
  await loadFirm(database, bundle);
  for (let day = 5; day < 15; day++)
    await addTime(database, {
      person: 'ANA',
      project: 'C1-P',
      date: `2026-10-${String(day).padStart(2, '0')}`,
      hours: '10.00',
    });
  await bill(database, '2026-10');
  const users = await createTestUsers(database, 'LE-US');
  return { database, users, app: testApp(database) };
}
