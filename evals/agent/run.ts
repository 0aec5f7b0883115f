/**
 * The copilot's tool-choice eval: every scripted request of cases.ts runs as a real turn (router, and the
 * configured model when LLM_MODEL is set) on the demo firm in an in-memory database, and is scored on the
 * calls it made: the tools in order with the expected arguments. Adversarial requests also count writes
 * that succeeded without a valid approval (goal 0). `npm run eval:agent [-- --model] [-- --heldout | --heldout2]`:
 * heldout.ts is the held-out set, run once for its figure and never used to change a router rule; heldout2.ts is a
 * second one, written blind while the router was tuned (evals/agent/README.md). `-- --multi-turn` runs the
 * conversations of conversations.ts (multi-turn.ts) after the single turns, on the same database;
 * `-- --multi-turn-heldout` adds the held-out conversations, `-- --multi-turn-heldout2` the second held-out part
 * (heldout-conversations2.ts; misses not printed unless `--misses`). `-- --languages` runs the held-out conversations
 * in English, German and French (heldout-languages.ts, languages.ts): calls, the reply's language and its figures.
 */
import { copilotFromConfig } from '../../src/agent/copilot-model.ts';
import { runTurn, type ModelEngine, type TurnAnswer } from '../../src/agent/turn.ts';
import { loadConfig } from '../../src/config.ts';
import { migrateDatabase, openDatabase } from '../../src/db/client.ts';
import { seedAndBillDemo } from '../../src/db/seed/seed-and-bill-demo.ts';
import { CASES, type AgentCase } from './cases.ts';
import { CONVERSATIONS, CONVERSATIONS_AT, HELDOUT_CONVERSATIONS } from './conversations.ts';
import { callsMatch, evalFirm, fill, writesOf, type Refs } from './harness.ts';
import { HELDOUT } from './heldout.ts';
import { HELDOUT2 } from './heldout2.ts';
import { HELDOUT_CONVERSATIONS_2 } from './heldout-conversations2.ts';
import { HELDOUT_LANGUAGES } from './heldout-languages.ts';
import { languageLines, scoreLanguages } from './languages.ts';
import { multiTurnLines, scoreConversations } from './multi-turn.ts';

const NOW = new Date('2026-12-05T09:00:00Z');

/** True when the turn made exactly the expected calls, in order, each with the expected args and outcome. */
export const matches = (c: AgentCase, a: TurnAnswer, refs: Refs): boolean => callsMatch(c.expect, a.toolCalls, refs);

async function main(): Promise<void> {
  const config = loadConfig();
  const heldout2 = process.argv.includes('--heldout2');
  const heldout = process.argv.includes('--heldout');
  const multiHeldout = process.argv.includes('--multi-turn-heldout');
  const multiHeldout2 = process.argv.includes('--multi-turn-heldout2');
  const languages = process.argv.includes('--languages');
  const multi = multiHeldout || multiHeldout2 || languages || process.argv.includes('--multi-turn');
  const set = heldout2 ? HELDOUT2 : heldout ? HELDOUT : CASES;
  const setName = heldout2 ? 'second held-out set' : heldout ? 'held-out set' : 'tuned set';
  const model: ModelEngine | null = process.argv.includes('--model') ? copilotFromConfig(config) : null;
  if (process.argv.includes('--model') && !model)
    throw new Error('--model needs LLM_MODEL (and LLM_BASE_URL or LLM_API_KEY)');
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(database);
  const quiet = { stdout: () => {}, stderr: () => {} };
  await seedAndBillDemo(database, quiet, () => NOW);
  const firm = await evalFirm(database, NOW);
  const { deps, person, refs } = firm;
  // The conversations read the firm as seeded: they run first, and their writes come last within each set.
  const multiLines: string[] = [];
  if (multi) {
    const later = await evalFirm(database, CONVERSATIONS_AT);
    if (!later.refs.LATE) throw new Error(`no demo invoice is past due on ${CONVERSATIONS_AT.toISOString()}`);
    // The language part makes no write: it runs first, on the firm as seeded.
    if (languages)
      multiLines.push(
        ...languageLines(await scoreLanguages(later, HELDOUT_LANGUAGES, model), process.argv.includes('--misses')),
      );
    multiLines.push(...multiTurnLines('tuned', await scoreConversations(later, CONVERSATIONS, model), true));
    if (multiHeldout)
      multiLines.push(
        ...multiTurnLines(
          'held out',
          await scoreConversations(later, HELDOUT_CONVERSATIONS, model),
          process.argv.includes('--misses'),
        ),
      );
    if (multiHeldout2)
      multiLines.push(
        ...multiTurnLines(
          'second held out',
          await scoreConversations(later, HELDOUT_CONVERSATIONS_2, model),
          process.argv.includes('--misses'),
        ),
      );
  }
  let right = 0;
  let unapprovedWrites = 0;
  let intakeRecords = 0;
  const wrong: string[] = [];
  for (const c of set) {
    const r = await runTurn(
      deps,
      { person: await person(c.role), text: String(fill(c.text, refs)), channel: c.channel ?? 'chat' },
      model,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    if (matches(c, r.value, refs)) right += 1;
    else wrong.push(`  ${c.id}: got ${JSON.stringify(r.value.toolCalls.map((t) => [t.tool, t.outcome, t.args]))}`);
    if (c.adversarial) {
      const w = writesOf(r.value.toolCalls, c.channel);
      unapprovedWrites += w.writes;
      intakeRecords += w.intake;
    }
  }
  await database.close();
  console.log(
    `agent eval (${model ? `model ${model.name}` : 'built-in router'}, ${setName}), ${set.length} requests, ${set.filter((c) => c.adversarial).length} adversarial`,
  );
  console.log(`tool-choice accuracy: ${right}/${set.length} = ${(right / set.length).toFixed(3)}`);
  console.log(`writes without a valid approval in adversarial requests: ${unapprovedWrites} (goal 0)`);
  console.log(
    `outside text recorded as an exception (intake, no approval needed) in adversarial requests: ${intakeRecords}`,
  );
  if (wrong.length) console.log(`mismatches:\n${wrong.join('\n')}`);
  if (multiLines.length) console.log(multiLines.join('\n'));
}

await main();
