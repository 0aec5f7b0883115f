/**
 * The copilot's words about approvals, refusals and errors (answer-words.ts, resume.ts, answer-status.ts), payments
 * and cash (answer-cash.ts, answer-payments.ts) and the turn itself (turn.ts), in English, German and French.
 * The tool's own message (a policy reason, an error) is passed in as the tool wrote it.
 */
import { pl, s, type Texts } from './texts.ts';

export const APPROVAL_MESSAGES = {
  'failure.approval': {
    en: (p) =>
      `This needs approval first: ${p.message}. I opened approval request ${p.requestId}; the approvers see it in ` +
      'their inbox, and I will run it once it is granted (ask me to "resume").',
    de: (p) =>
      `Das braucht zuerst eine Freigabe: ${p.message}. Ich habe die Freigabeanfrage ${p.requestId} eröffnet; die ` +
      'Freigebenden sehen sie in ihrem Eingang, und ich führe es aus, sobald sie erteilt ist (sagen Sie „resume“).',
    fr: (p) =>
      `Cela demande d'abord une approbation : ${p.message}. J'ai ouvert la demande d'approbation ${p.requestId} ; ` +
      'les approbateurs la voient dans leur boîte, et je l’exécuterai une fois accordée (dites « resume »).',
  },
  'failure.refused': {
    en: (p) => `I may not do that for you: ${p.message}.`,
    de: (p) => `Das darf ich nicht für Sie tun: ${p.message}.`,
    fr: (p) => `Je ne peux pas le faire pour vous : ${p.message}.`,
  },
  'failure.error': {
    en: (p) => `${p.message} (${p.code}).`,
    de: (p) => `Das ging nicht: ${p.message} (${p.code}).`,
    fr: (p) => `Cela n'a pas abouti : ${p.message} (${p.code}).`,
  },
  'status.done': {
    en: (p) => `Approval request ${p.id} was granted and I ran ${p.tool} as approved${p.when}: it is done.`,
    de: (p) =>
      `Die Freigabeanfrage ${p.id} wurde erteilt, und ich habe ${p.tool} wie freigegeben ` +
      `ausgeführt${p.when}: erledigt.`,
    fr: (p) =>
      `La demande d'approbation ${p.id} a été accordée et j'ai exécuté ${p.tool} comme approuvé${p.when} : c'est fait.`,
  },
  'status.rejected': {
    en: (p) =>
      `Approval request ${p.id} was rejected${p.reason ? `: ${p.reason}` : ''}${p.when}; ${p.tool} was not run.`,
    de: (p) =>
      `Die Freigabeanfrage ${p.id} wurde abgelehnt${p.reason ? `: ${p.reason}` : ''}${p.when}; ${p.tool} wurde nicht ` +
      'ausgeführt.',
    fr: (p) =>
      `La demande d'approbation ${p.id} a été refusée${p.reason ? ` : ${p.reason}` : ''}${p.when} ; ` +
      `${p.tool} n'a pas ` +
      'été exécuté.',
  },
  'status.state': {
    en: (p) => `Approval request ${p.id} is ${p.state}; ${p.tool} was not run by me.`,
    de: (p) => `Die Freigabeanfrage ${p.id} ist ${p.state}; ${p.tool} habe ich nicht ausgeführt.`,
    fr: (p) => `La demande d'approbation ${p.id} est ${p.state} ; je n'ai pas exécuté ${p.tool}.`,
  },
  'status.failed': {
    en: (p) =>
      `Approval request ${p.id} was granted, but ${p.tool} did not run: ${p.message}${p.code ? ` (${p.code})` : ''}.`,
    de: (p) =>
      `Die Freigabeanfrage ${p.id} wurde erteilt, aber ${p.tool} lief nicht: ` +
      `${p.message}${p.code ? ` (${p.code})` : ''}.`,
    fr: (p) =>
      `La demande d'approbation ${p.id} a été accordée, mais ${p.tool} n'a pas abouti : ${p.message}` +
      `${p.code ? ` (${p.code})` : ''}.`,
  },
  'status.itFailed': { en: () => 'it failed', de: () => 'es ist fehlgeschlagen', fr: () => 'échec' },
  'status.waiting': {
    en: (p) => `Approval request ${p.id} (${p.tool}) still waits for approval; nothing was done yet.`,
    de: (p) => `Die Freigabeanfrage ${p.id} (${p.tool}) wartet noch auf Freigabe; bisher wurde nichts getan.`,
    fr: (p) => `La demande d'approbation ${p.id} (${p.tool}) attend encore ; rien n'a encore été fait.`,
  },
  'status.ledger': {
    en: (p) => `${p.ref} is ${p.status} now, as the ledger has it.`,
    de: (p) => `${p.ref} ist laut Hauptbuch jetzt ${p.status}.`,
    fr: (p) => `Selon le grand livre, ${p.ref} est maintenant ${p.status}.`,
  },
  'status.nothing': {
    en: () =>
      'Nothing of this conversation waited for an approval, so there is nothing to report on. Say what you want done.',
    de: () =>
      'In diesem Gespräch hat nichts auf eine Freigabe gewartet, es gibt also nichts zu berichten. Sagen Sie, was ' +
      'getan werden soll.',
    fr: () =>
      "Rien dans cette conversation n'attendait d'approbation : il n'y a rien à signaler. Dites ce que " +
      'vous voulez faire.',
  },
  'resume.ran': {
    en: (p) =>
      `Approval request ${p.id} was granted: I ran ${p.tool} as approved` +
      `${p.replayed ? ' (it had already run; nothing ran twice)' : ''}.`,
    de: (p) =>
      `Die Freigabeanfrage ${p.id} wurde erteilt: Ich habe ${p.tool} wie freigegeben ausgeführt` +
      `${p.replayed ? ' (es war schon gelaufen; nichts lief zweimal)' : ''}.`,
    fr: (p) =>
      `La demande d'approbation ${p.id} a été accordée : j'ai exécuté ${p.tool} comme approuvé` +
      `${p.replayed ? " (c'était déjà fait ; rien n'a été exécuté deux fois)" : ''}.`,
  },
  'resume.failed': {
    en: (p) => `Approval request ${p.id} was granted, but ${p.tool} did not run: ${p.why}.${p.reopened}`,
    de: (p) => `Die Freigabeanfrage ${p.id} wurde erteilt, aber ${p.tool} lief nicht: ${p.why}.${p.reopened}`,
    fr: (p) =>
      `La demande d'approbation ${p.id} a été accordée, mais ${p.tool} n'a pas abouti : ${p.why}.${p.reopened}`,
  },
  'why.ARGS_CHANGED': {
    en: () =>
      'what was approved no longer matches: the target or the arguments changed since the request (ARGS_CHANGED); ' +
      'nothing was done — ask again to open a new request',
    de: () =>
      'das Freigegebene passt nicht mehr: Ziel oder Argumente haben sich seit der Anfrage geändert (ARGS_CHANGED); ' +
      'nichts wurde getan — fragen Sie erneut, um eine neue Anfrage zu eröffnen',
    fr: () =>
      'ce qui a été approuvé ne correspond plus : la cible ou les arguments ont changé depuis la demande ' +
      "(ARGS_CHANGED) ; rien n'a été fait — redemandez pour ouvrir une nouvelle demande",
  },
  'why.APPROVAL_EXPIRED': {
    en: () => 'the approval expired before it could be used; nothing was done — ask again to open a new request',
    de: () =>
      'die Freigabe ist abgelaufen, bevor sie genutzt werden konnte; nichts wurde getan — fragen Sie erneut, um eine ' +
      'neue Anfrage zu eröffnen',
    fr: () =>
      "l'approbation a expiré avant d'être utilisée ; rien n'a été fait — redemandez pour ouvrir une nouvelle demande",
  },
  'why.APPROVAL_REQUIRED': {
    en: () => 'it still needs approval',
    de: () => 'es braucht noch eine Freigabe',
    fr: () => 'il faut encore une approbation',
  },
  'resume.reopened': {
    en: (p) =>
      ` Approval request ${p.id} is open for ${p.tool} as things stand now; its approvers are told, and asking again ` +
      'once it is granted runs it.',
    de: (p) =>
      ` Die Freigabeanfrage ${p.id} ist für ${p.tool} nach dem jetzigen Stand offen; die Freigebenden sind ` +
      'benachrichtigt, und eine erneute Anfrage nach der Freigabe führt es aus.',
    fr: (p) =>
      ` La demande d'approbation ${p.id} est ouverte pour ${p.tool} en l'état actuel ; ses approbateurs sont ` +
      'prévenus, et redemander une fois accordée l’exécute.',
  },
  'resume.waiting': {
    en: (p) =>
      `Approval request ${p.id} (${p.tool}) still waits: ${p.expired ? 'an approval given expired; ' : ''}it needs ` +
      `${p.needs}.`,
    de: (p) =>
      `Die Freigabeanfrage ${p.id} (${p.tool}) wartet noch: ` +
      `${p.expired ? 'eine erteilte Freigabe ist abgelaufen; ' : ''}` +
      `es braucht ${p.needs}.`,
    fr: (p) =>
      `La demande d'approbation ${p.id} (${p.tool}) attend encore : ` +
      `${p.expired ? 'une approbation donnée a expiré ; ' : ''}il faut ${p.needs}.`,
  },
  'turn.nothingWaits': {
    en: () => 'Nothing of this conversation waits for an approval.',
    de: () => 'In diesem Gespräch wartet nichts auf eine Freigabe.',
    fr: () => "Rien dans cette conversation n'attend d'approbation.",
  },
  'turn.modelFailed': {
    en: (p) => `The language model did not answer (${p.name}); the built-in router answered instead.`,
    de: (p) => `Das Sprachmodell hat nicht geantwortet (${p.name}); stattdessen hat der eingebaute Router geantwortet.`,
    fr: (p) => `Le modèle de langage n'a pas répondu (${p.name}) ; le routeur intégré a répondu à sa place.`,
  },
  'payments.none': {
    en: (p) => `No ${p.unapplied ? 'payment with unapplied cash' : 'payment'}${p.client ? ` from ${p.client}` : ''}.`,
    de: (p) =>
      `Keine Zahlung${p.unapplied ? ' mit nicht zugeordnetem Betrag' : ''}${p.client ? ` von ${p.client}` : ''}.`,
    fr: (p) => `Aucun paiement${p.unapplied ? ' non affecté' : ''}${p.client ? ` de ${p.client}` : ''}.`,
  },
  'payments.head': {
    en: (p) =>
      `${p.n} payment${s(p.n)}${p.unapplied ? ' with unapplied cash' : ''}${p.client ? ` from ${p.client}` : ''}, ` +
      'newest first:',
    de: (p) =>
      `${p.n} Zahlung${pl(p.n, 'en')}${p.unapplied ? ' mit nicht zugeordnetem Betrag' : ''}` +
      `${p.client ? ` von ${p.client}` : ''}, die neueste zuerst:`,
    fr: (p) =>
      `${p.n} paiement${s(p.n)}${p.unapplied ? ` non affecté${s(p.n)}` : ''}${p.client ? ` de ${p.client}` : ''}, ` +
      'le plus récent d’abord :',
  },
  'payments.line': {
    en: (p) => `- ${p.id} (${p.client}): ${p.unapplied} unapplied of ${p.amount}, received ${p.received}`,
    de: (p) => `- ${p.id} (${p.client}): ${p.unapplied} nicht zugeordnet von ${p.amount}, eingegangen am ${p.received}`,
    fr: (p) => `- ${p.id} (${p.client}) : ${p.unapplied} non affectés sur ${p.amount}, reçu le ${p.received}`,
  },
  'payments.tail': {
    en: () => 'Ask "what could the first one pay?" for suggestions; applying cash is a person\'s decision.',
    de: () =>
      'Fragen Sie „was könnte die erste bezahlen?“ für Vorschläge; Zahlungen zuordnen ist die ' +
      'Entscheidung einer Person.',
    fr: () =>
      'Demandez « que pourrait payer le premier ? » pour des suggestions ; affecter un paiement est la décision ' +
      "d'une personne.",
  },
  'cash.whichPayment': {
    en: (p) =>
      `Which payment should go to ${p.ref}? Give its id ("apply payment <id> to ${p.ref}"), or ask "any unapplied ` +
      'payments?" and then "the first one".',
    de: (p) =>
      `Welche Zahlung soll auf ${p.ref}? Nennen Sie ihre ID („apply payment <id> to ${p.ref}“) oder fragen Sie ` +
      '„nicht zugeordnete Zahlungen?“ und dann „die erste“.',
    fr: (p) =>
      `Quel paiement imputer sur ${p.ref} ? Donnez son identifiant (« apply payment <id> to ${p.ref} ») ou demandez ` +
      '« paiements non affectés ? » puis « le premier ».',
  },
  'cash.noEntry': {
    en: () => "I cannot apply payments: no entry of this installation's catalogue applies cash.",
    de: () => 'Ich kann keine Zahlungen zuordnen: Kein Eintrag im Katalog dieser Installation ordnet Zahlungen zu.',
    fr: () => 'Je ne peux pas affecter de paiements : aucune entrée du catalogue de cette installation ne le fait.',
  },
  'cash.howMuch': {
    en: (p) => `How much of payment ${p.id} should go to ${p.ref}? ("apply 250.00 of payment … to ${p.ref}")`,
    de: (p) => `Wie viel der Zahlung ${p.id} soll auf ${p.ref}? („apply 250.00 of payment … to ${p.ref}“)`,
    fr: (p) => `Quelle part du paiement ${p.id} imputer sur ${p.ref} ? (« apply 250.00 of payment … to ${p.ref} »)`,
  },
  'cash.applied': {
    en: (p) => `Applied ${p.amount} of payment ${p.id} to ${p.ref}.`,
    de: (p) => `${p.amount} der Zahlung ${p.id} auf ${p.ref} zugeordnet.`,
    fr: (p) => `${p.amount} du paiement ${p.id} imputés sur ${p.ref}.`,
  },
  'cash.cannot': {
    en: (p) =>
      `I cannot apply payment ${p.id} to ${p.ref}: ${p.message}. Applying cash is a person's decision: someone who ` +
      'may do it applies it with `billing-copilot payments apply` or on the payments screen.',
    de: (p) =>
      `Ich kann die Zahlung ${p.id} nicht auf ${p.ref} zuordnen: ${p.message}. Zahlungen zuordnen ist die ` +
      'Entscheidung einer Person: Wer es darf, ordnet sie mit `billing-copilot payments apply` oder in der ' +
      'Zahlungsansicht zu.',
    fr: (p) =>
      `Je ne peux pas imputer le paiement ${p.id} sur ${p.ref} : ${p.message}. Affecter un paiement est la décision ` +
      "d'une personne : quelqu'un qui en a le droit l'affecte avec `billing-copilot payments apply` ou sur l'écran " +
      'des paiements.',
  },
  'suggest.head': {
    en: (p) => `Payment ${p.id} from ${p.client} has ${p.unapplied} unapplied.`,
    de: (p) => `Die Zahlung ${p.id} von ${p.client} hat ${p.unapplied} nicht zugeordnet.`,
    fr: (p) => `Le paiement ${p.id} de ${p.client} a ${p.unapplied} non affectés.`,
  },
  'suggest.none': {
    en: (p) => `I have no suggestion: ${p.reasons}.`,
    de: (p) => `Ich habe keinen Vorschlag: ${p.reasons}.`,
    fr: (p) => `Je n'ai aucune suggestion : ${p.reasons}.`,
  },
  'suggest.list': {
    en: () => 'Suggestions, best first (I apply nothing; a person applies one with `billing-copilot payments apply`):',
    de: () =>
      'Vorschläge, der beste zuerst (ich ordne nichts zu; eine Person wendet einen mit ' +
      '`billing-copilot payments apply` an):',
    fr: () =>
      "Suggestions, la meilleure d'abord (je n'affecte rien ; une personne en applique une avec " +
      '`billing-copilot payments apply`) :',
  },
  'suggest.item': {
    en: (p) => `${p.rank}. ${p.confidence}: ${p.allocations} (${p.reason}; ${p.left} would stay unapplied)`,
    de: (p) => `${p.rank}. ${p.confidence}: ${p.allocations} (${p.reason}; ${p.left} blieben nicht zugeordnet)`,
    fr: (p) => `${p.rank}. ${p.confidence} : ${p.allocations} (${p.reason} ; ${p.left} resteraient non affectés)`,
  },
} satisfies Record<string, Texts>;
