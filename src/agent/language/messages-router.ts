/**
 * The built-in router's answers (answer-intent.ts and its questions in intents.ts), in English, German and French.
 * German addresses the person as "Sie", French as "vous". English texts are the router's words as they were.
 */
import { pl, s, type Texts } from './texts.ts';

const inv = (n: unknown) => `Rechnung${pl(n, 'en')}`;

export const ROUTER_MESSAGES = {
  'overdue.none': {
    en: (p) => `Nothing is overdue${p.client ? ` for ${p.client}` : ''}.`,
    de: (p) => `Nichts ist überfällig${p.client ? ` bei ${p.client}` : ''}.`,
    fr: (p) => `Rien n'est en retard${p.client ? ` pour ${p.client}` : ''}.`,
  },
  'overdue.head': {
    en: (p) => `${p.n} overdue invoice${s(p.n)}${p.client ? ` for ${p.client}` : ''}, oldest due first:`,
    de: (p) => `${p.n} überfällige ${inv(p.n)}${p.client ? ` bei ${p.client}` : ''}, die älteste Fälligkeit zuerst:`,
    fr: (p) =>
      `${p.n} facture${s(p.n)} en retard${p.client ? ` pour ${p.client}` : ''}, la plus ancienne échéance d'abord :`,
  },
  'overdue.line': {
    en: (p) => `- ${p.ref} (${p.client}): ${p.open} open of ${p.total}, due ${p.due}, ${p.days} days overdue`,
    de: (p) =>
      `- ${p.ref} (${p.client}): ${p.open} offen von ${p.total}, fällig am ${p.due}, ${p.days} Tage überfällig`,
    fr: (p) =>
      `- ${p.ref} (${p.client}) : ${p.open} restant dus sur ${p.total}, échéance le ${p.due}, ${p.days} ` +
      `jours de retard`,
  },
  'list.showing': {
    en: (p) => `(showing ${p.n})`,
    de: (p) => `(${p.n} angezeigt)`,
    fr: (p) => `(${p.n} affichés)`,
  },
  'held.not': {
    en: (p) => `${p.ref} is not held: it is ${p.status}, total ${p.total}.`,
    de: (p) => `${p.ref} ist nicht gesperrt: Status ${p.status}, Gesamtbetrag ${p.total}.`,
    fr: (p) => `${p.ref} n'est pas bloquée : statut ${p.status}, total ${p.total}.`,
  },
  'held.head': {
    en: (p) =>
      `${p.ref} (${p.client}, ${p.status}) ${p.held ? `is held: ${p.held} held` : 'has open exceptions'}` +
      `${p.lines ? ` on ${p.lines}` : ''}.`,
    de: (p) =>
      `${p.ref} (${p.client}, ${p.status}) ` +
      `${p.held ? `ist gesperrt: ${p.held} zurückgehalten` : 'hat offene Ausnahmen'}` +
      `${p.lines ? ` auf ${p.lines}` : ''}.`,
    fr: (p) =>
      `${p.ref} (${p.client}, ${p.status}) ` +
      `${p.held ? `est bloquée : ${p.held} retenus` : 'a des exceptions ouvertes'}` +
      `${p.lines ? ` sur ${p.lines}` : ''}.`,
  },
  'held.line': {
    en: (p) => `line ${p.no} (${p.description}, ${p.amount})`,
    de: (p) => `Zeile ${p.no} (${p.description}, ${p.amount})`,
    fr: (p) => `ligne ${p.no} (${p.description}, ${p.amount})`,
  },
  'held.exception': {
    en: (p) => `- exception ${p.id} ${p.type} (${p.status}): ${p.message}`,
    de: (p) => `- Ausnahme ${p.id} ${p.type} (${p.status}): ${p.message}`,
    fr: (p) => `- exception ${p.id} ${p.type} (${p.status}) : ${p.message}`,
  },
  'show.invoice': {
    en: (p) =>
      `${p.ref}: ${p.name} (${p.code}), ${p.status}${p.held ? ', held' : ''}, total ${p.total}` +
      `${p.due ? `, due ${p.due}` : ''}; ${p.lines} line${s(p.lines)}. Ask "explain line N of ${p.ref}" for any line.`,
    de: (p) =>
      `${p.ref}: ${p.name} (${p.code}), ${p.status}${p.held ? ', gesperrt' : ''}, Gesamtbetrag ${p.total}` +
      `${p.due ? `, fällig am ${p.due}` : ''}; ${p.lines} Zeile${pl(p.lines, 'n')}. ` +
      `Fragen Sie „Erkläre Zeile N von ${p.ref}“ für jede Zeile.`,
    fr: (p) =>
      `${p.ref} : ${p.name} (${p.code}), ${p.status}${p.held ? ', bloquée' : ''}, total ${p.total}` +
      `${p.due ? `, échéance le ${p.due}` : ''} ; ${p.lines} ligne${s(p.lines)}. ` +
      `Demandez « explique la ligne N de ${p.ref} » pour une ligne.`,
  },
  'approvals.none': {
    en: () => 'Nothing waits for your approval.',
    de: () => 'Nichts wartet auf Ihre Freigabe.',
    fr: () => "Rien n'attend votre approbation.",
  },
  'approvals.head': {
    en: (p) => `${p.n} item${s(p.n)} wait for your approval (you decide them yourself; I never approve):`,
    de: (p) =>
      `${p.n} ${Number(p.n) === 1 ? 'Vorgang wartet' : 'Vorgänge warten'} auf Ihre Freigabe ` +
      '(Sie entscheiden selbst; ich gebe nie etwas frei):',
    fr: (p) =>
      `${p.n} élément${s(p.n)} ${Number(p.n) === 1 ? 'attend' : 'attendent'} votre approbation ` +
      "(vous décidez vous-même ; je n'approuve jamais) :",
  },
  'approvals.invoice': {
    en: (p) => `invoice ${p.ref} (${p.total})`,
    de: (p) => `Rechnung ${p.ref} (${p.total})`,
    fr: (p) => `facture ${p.ref} (${p.total})`,
  },
  'approvals.request': {
    en: (p) => `${p.action} request ${p.id}`,
    de: (p) => `Anfrage ${p.action} ${p.id}`,
    fr: (p) => `demande ${p.action} ${p.id}`,
  },
  'approvals.notYours': {
    en: (p) => ` — not yours to decide now: ${p.why}`,
    de: (p) => ` — derzeit nicht Ihre Entscheidung: ${p.why}`,
    fr: (p) => ` — pas à vous de décider pour l'instant : ${p.why}`,
  },
  'reminder.none': {
    en: (p) => `${p.client} has no overdue invoice, so there is nothing to remind them of.`,
    de: (p) => `${p.client} hat keine überfällige Rechnung, es gibt also nichts anzumahnen.`,
    fr: (p) => `${p.client} n'a aucune facture en retard : il n'y a rien à relancer.`,
  },
  'reminder.other': {
    en: (p) => `${p.ref} (${p.open}, due ${p.due})`,
    de: (p) => `${p.ref} (${p.open}, fällig am ${p.due})`,
    fr: (p) => `${p.ref} (${p.open}, échéance le ${p.due})`,
  },
  'reminder.draft': {
    en: (p) =>
      [
        `Draft reminder for ${p.name} (${p.client}), about its oldest overdue invoice ${p.ref}. Nothing was sent.`,
        '',
        `Subject: Payment reminder: invoice ${p.ref}`,
        '',
        `Dear ${p.name} accounts payable team,`,
        '',
        `Our records show that invoice ${p.ref}, due on ${p.due}, has ${p.open} open of ${p.total}, now ${p.days} ` +
          `days past due.${p.others ? ` Also open and past due: ${p.others}.` : ''}`,
        'Could you let us know when we may expect payment, or tell us if anything on the invoice needs our attention?',
        '',
        'Kind regards,',
      ].join('\n'),
    de: (p) =>
      [
        `Entwurf einer Zahlungserinnerung an ${p.name} (${p.client}) zu ihrer ältesten überfälligen ` +
          `Rechnung ${p.ref}. ` +
          'Es wurde nichts versendet.',
        '',
        `Betreff: Zahlungserinnerung: Rechnung ${p.ref}`,
        '',
        `Sehr geehrtes Team der Kreditorenbuchhaltung von ${p.name},`,
        '',
        `laut unseren Unterlagen sind von der Rechnung ${p.ref}, fällig am ${p.due}, noch ${p.open} von ${p.total} ` +
          `offen; sie ist seit ${p.days} Tagen ` +
          `überfällig.${p.others ? ` Ebenfalls offen und überfällig: ${p.others}.` : ''}`,
        'Könnten Sie uns mitteilen, wann wir mit der Zahlung rechnen dürfen, oder ob auf der Rechnung ' +
          'etwas zu klären ist?',
        '',
        'Mit freundlichen Grüßen',
      ].join('\n'),
    fr: (p) =>
      [
        `Projet de relance pour ${p.name} (${p.client}), au sujet de sa plus ancienne facture en retard ${p.ref}. ` +
          "Rien n'a été envoyé.",
        '',
        `Objet : Relance de paiement : facture ${p.ref}`,
        '',
        `Madame, Monsieur, à l'attention du service comptabilité fournisseurs de ${p.name},`,
        '',
        `Selon nos écritures, la facture ${p.ref}, échue le ${p.due}, présente un solde de ${p.open} sur ${p.total}, ` +
          `avec ${p.days} jours de retard.${p.others ? ` Sont également ouvertes et échues : ${p.others}.` : ''}`,
        'Pourriez-vous nous indiquer quand nous pouvons attendre le paiement, ou si un point de la ' +
          'facture pose question ?',
        '',
        'Cordialement,',
      ].join('\n'),
  },
  'sla.none': {
    en: () => 'No open exception is past its SLA.',
    de: () => 'Keine offene Ausnahme hat ihr SLA überschritten.',
    fr: () => "Aucune exception ouverte n'a dépassé son SLA.",
  },
  'sla.head': {
    en: (p) => `${p.n} exception${Number(p.n) === 1 ? ' is' : 's are'} past SLA:`,
    de: (p) => `${p.n} Ausnahme${Number(p.n) === 1 ? ' hat' : 'n haben'} das SLA überschritten:`,
    fr: (p) => `${p.n} exception${s(p.n)} hors SLA :`,
  },
  'sla.line': {
    en: (p) =>
      `- ${p.id} ${p.type} (${p.client ?? 'no client'}, ${p.status}, owner ` +
      `${p.owner}${p.assigned ? ', assigned' : ''}): ` +
      `SLA ${p.due} — ${p.message}`,
    de: (p) =>
      `- ${p.id} ${p.type} (${p.client ?? 'ohne Kunde'}, ${p.status}, zuständig ${p.owner}` +
      `${p.assigned ? ', zugewiesen' : ''}): SLA ${p.due} — ${p.message}`,
    fr: (p) =>
      `- ${p.id} ${p.type} (${p.client ?? 'sans client'}, ${p.status}, responsable ${p.owner}` +
      `${p.assigned ? ', assignée' : ''}) : SLA ${p.due} — ${p.message}`,
  },
  'dso.none': {
    en: (p) => `No open receivables as of ${p.asOf}.`,
    de: (p) => `Keine offenen Forderungen zum ${p.asOf}.`,
    fr: (p) => `Aucune créance ouverte au ${p.asOf}.`,
  },
  'dso.head': {
    en: (p) => `Receivables as of ${p.asOf} (DSO over the ${p.days} days of invoicing from ${p.start}):`,
    de: (p) => `Forderungen zum ${p.asOf} (DSO über die ${p.days} Tage Fakturierung ab ${p.start}):`,
    fr: (p) => `Créances au ${p.asOf} (DSO sur les ${p.days} jours de facturation depuis le ${p.start}) :`,
  },
  'dso.line': {
    en: (p) =>
      `- ${p.currency}: DSO ${p.dso === null ? 'n/a (nothing invoiced in the period)' : `${p.dso} days`}, ` +
      `${p.open} open on ${p.n} invoice${s(p.n)}, ${p.overdue} overdue${p.cei === null ? '' : `, CEI ${p.cei}%`}`,
    de: (p) =>
      `- ${p.currency}: DSO ${p.dso === null ? 'n. v. (im Zeitraum nichts fakturiert)' : `${p.dso} Tage`}, ` +
      `${p.open} offen auf ${p.n} ${inv(p.n)}, ${p.overdue} überfällig${p.cei === null ? '' : `, CEI ${p.cei} %`}`,
    fr: (p) =>
      `- ${p.currency} : DSO ${p.dso === null ? 'n/d (rien de facturé sur la période)' : `${p.dso} jours`}, ` +
      `${p.open} ouverts sur ${p.n} facture${s(p.n)}, ${p.overdue} en ` +
      `retard${p.cei === null ? '' : `, CEI ${p.cei} %`}`,
  },
  'summarise.which': {
    en: () =>
      'Which document? Give its id or a client code ("summarise the ACME statement of work"); summarising any other ' +
      'text needs a model.',
    de: () =>
      'Welches Dokument? Geben Sie seine ID oder einen Kundencode an („fasse das Leistungsverzeichnis von ACME ' +
      'zusammen“); andere Texte zusammenzufassen braucht ein Sprachmodell.',
    fr: () =>
      "Quel document ? Donnez son identifiant ou un code client (« résume le cahier des charges d'ACME ») ; " +
      'résumer un autre texte demande un modèle de langage.',
  },
  'summarise.from': {
    en: () => 'From the document:',
    de: () => 'Aus dem Dokument:',
    fr: () => 'Extraits du document :',
  },
  'summarise.page': { en: (p) => ` (p. ${p.page})`, de: (p) => ` (S. ${p.page})`, fr: (p) => ` (p. ${p.page})` },
  'run.notInCatalogue': {
    en: (p) =>
      `Starting a billing run is not in the catalogue of this installation, so I cannot run billing for ${p.period}; ` +
      'use `billing-copilot billing-run`.',
    de: (p) =>
      'Einen Abrechnungslauf zu starten ist nicht im Katalog dieser Installation, daher kann ich für ' +
      `${p.period} nicht abrechnen; verwenden Sie \`billing-copilot billing-run\`.`,
    fr: (p) =>
      "Lancer une facturation n'est pas au catalogue de cette installation, je ne peux donc pas facturer " +
      `${p.period} ; utilisez \`billing-copilot billing-run\`.`,
  },
  'run.head': {
    en: (p) => `Billing run for ${p.period}${p.run ? ` (run ${p.run}, ${p.status})` : ' started'}`,
    de: (p) => `Abrechnungslauf für ${p.period}${p.run ? ` (Lauf ${p.run}, ${p.status})` : ' gestartet'}`,
    fr: (p) => `Facturation de ${p.period}${p.run ? ` (lancement ${p.run}, ${p.status})` : ' lancée'}`,
  },
  'run.summary': {
    en: (p) =>
      `: ${p.contracts} contract${s(p.contracts)}, ${p.written} draft${s(p.written)} written, ${p.exceptions} ` +
      `exception${s(p.exceptions)}${p.conflicts ? `, ${p.conflicts} conflicts` : ''}. The drafts wait for review; ` +
      'you prepared them, so someone else approves.',
    de: (p) =>
      `: ${p.contracts} ${Number(p.contracts) === 1 ? 'Vertrag' : 'Verträge'}, ${p.written} ` +
      `${Number(p.written) === 1 ? 'Entwurf' : 'Entwürfe'} geschrieben, ${p.exceptions} ` +
      `Ausnahme${pl(p.exceptions, 'n')}` +
      `${p.conflicts ? `, ${p.conflicts} Konflikte` : ''}. Die Entwürfe warten auf Prüfung; Sie haben sie ` +
      'erstellt, also gibt jemand anderes sie frei.',
    fr: (p) =>
      `: ${p.contracts} contrat${s(p.contracts)}, ${p.written} brouillon${s(p.written)} écrit${s(p.written)}, ` +
      `${p.exceptions} exception${s(p.exceptions)}${p.conflicts ? `, ${p.conflicts} conflits` : ''}. Les brouillons ` +
      "attendent une revue ; vous les avez préparés, c'est donc quelqu'un d'autre qui les approuve.",
  },
  'void.done': {
    en: (p) => `${p.ref} is void (reason: ${p.reason}).`,
    de: (p) => `${p.ref} ist storniert (Grund: ${p.reason}).`,
    fr: (p) => `${p.ref} est annulée (motif : ${p.reason}).`,
  },
  'client.several': {
    en: (p) => `"${p.said}" could be more than one client: ${p.codes}. Which one? (give the code)`,
    de: (p) => `„${p.said}“ kann mehr als ein Kunde sein: ${p.codes}. Welcher? (bitte den Code angeben)`,
    fr: (p) => `« ${p.said} » peut désigner plusieurs clients : ${p.codes}. Lequel ? (donnez le code)`,
  },
  'client.unknown': {
    en: (p) =>
      `I know no client "${p.said}" that you may see.` +
      (p.near ? ` Did you mean ${p.near}?` : ' Give the client code ("ACME") or its name.'),
    de: (p) =>
      `Ich kenne keinen Kunden „${p.said}“, den Sie sehen dürfen.` +
      (p.near ? ` Meinten Sie ${p.near}?` : ' Geben Sie den Kundencode („ACME“) oder den Namen an.'),
    fr: (p) =>
      `Je ne connais aucun client « ${p.said} » que vous puissiez voir.` +
      (p.near ? ` Vouliez-vous dire ${p.near} ?` : ' Donnez le code client (« ACME ») ou son nom.'),
  },
  'decision.refused': {
    en: (p) =>
      `I never ${p.what}: approving, granting, rejecting, resolving and recording cash are decisions a person with ` +
      'the role takes, in the approvals inbox or with `billing-copilot approvals`. I can tell you what waits for ' +
      'your approval.',
    de: () =>
      'Das mache ich nie: Freigeben, Genehmigen, Ablehnen, Erledigen und das Buchen von Zahlungen sind ' +
      'Entscheidungen, ' +
      'die eine Person mit der Rolle trifft, im Freigabe-Eingang oder mit `billing-copilot approvals`. ' +
      'Ich kann Ihnen ' +
      'sagen, was auf Ihre Freigabe wartet.',
    fr: () =>
      'Je ne le fais jamais : approuver, accorder, rejeter, résoudre et enregistrer un encaissement ' +
      'sont des décisions ' +
      "que prend une personne qui en a le rôle, dans la boîte d'approbation ou avec `billing-copilot approvals`. Je " +
      'peux vous dire ce qui attend votre approbation.',
  },
  cannot: {
    en: () =>
      'Without a language model configured (LLM_MODEL) I answer only these requests; free-form questions, ' +
      'comparisons, forecasts in words and commentary need one.',
    de: () =>
      'Ohne konfiguriertes Sprachmodell (LLM_MODEL) beantworte ich nur diese Anfragen; freie Fragen, Vergleiche, ' +
      'Prognosen in Worten und Kommentare brauchen eines.',
    fr: () =>
      'Sans modèle de langage configuré (LLM_MODEL), je ne réponds qu’à ces demandes ; les questions libres, ' +
      'comparaisons, prévisions et commentaires en demandent un.',
  },
  'model.whoShould': {
    en: () =>
      'Name the invoice and I will say whether it is unusual and who approved similar ones ' +
      '("who should review DRAFT-1A2B3C4D?").',
    de: () =>
      'Nennen Sie die Rechnung, und ich sage, ob sie ungewöhnlich ist und wer ähnliche freigegeben hat ' +
      '(„wer sollte DRAFT-1A2B3C4D prüfen?“).',
    fr: () =>
      'Nommez la facture et je vous dirai si elle est inhabituelle et qui a approuvé des factures semblables ' +
      '(« qui devrait vérifier DRAFT-1A2B3C4D ? »).',
  },
  'model.cannot': {
    en: (p) => `I cannot ${p.what} without a model.`,
    de: () => 'Das kann ich ohne Sprachmodell nicht.',
    fr: () => 'Je ne peux pas le faire sans modèle de langage.',
  },
  'help.head': {
    en: () => 'I can answer, without a model:',
    de: () => 'Ohne Sprachmodell kann ich beantworten:',
    fr: () => 'Sans modèle de langage, je peux répondre à :',
  },
  'unknown.head': {
    en: () => 'I did not recognise that request. I can answer:',
    de: () => 'Diese Anfrage habe ich nicht erkannt. Ich kann beantworten:',
    fr: () => "Je n'ai pas reconnu cette demande. Je peux répondre à :",
  },
  'payment.whichInvoice': {
    en: () => 'Which invoice should the payment go to? Give its number.',
    de: () => 'Auf welche Rechnung soll die Zahlung? Nennen Sie ihre Nummer.',
    fr: () => 'Sur quelle facture imputer le paiement ? Donnez son numéro.',
  },
} satisfies Record<string, Texts>;
