/**
 * The words of what the copilot posts to people unprompted in Slack and Teams: the approver's card (its title,
 * labels and Approve / Reject buttons), the decision told to the requester and the decision notices' titles, in
 * English, German and French. The summary, the action code, a reason and a notice's own sentence are passed in as
 * the tools wrote them (quoted, not translated).
 */
import type { Texts } from './texts.ts';

export const NOTICE_MESSAGES = {
  'notice.approvalNeeded': {
    en: () => 'Approval needed',
    de: () => 'Freigabe nötig',
    fr: () => 'Approbation requise',
  },
  'notice.approvalRequested': {
    en: () => 'Approval requested',
    de: () => 'Freigabe angefragt',
    fr: () => 'Approbation demandée',
  },
  'notice.request': { en: () => 'Request', de: () => 'Anfrage', fr: () => 'Demande' },
  'notice.action': { en: () => 'Action', de: () => 'Aktion', fr: () => 'Action' },
  'notice.approve': { en: () => 'Approve', de: () => 'Freigeben', fr: () => 'Approuver' },
  'notice.reject': { en: () => 'Reject', de: () => 'Ablehnen', fr: () => 'Rejeter' },
  'notice.reasonLabel': {
    en: () => 'Reason (needed to reject)',
    de: () => 'Begründung (zum Ablehnen nötig)',
    fr: () => 'Motif (requis pour rejeter)',
  },
  'notice.reasonPlaceholder': {
    en: () => 'Why you reject it; the requester reads it',
    de: () => 'Warum Sie ablehnen; die anfragende Person liest es',
    fr: () => 'Pourquoi vous la rejetez ; le demandeur le lit',
  },
  'notice.reasonRequired': {
    en: () => 'To reject, write the reason in the box first: the requester reads it.',
    de: () => 'Zum Ablehnen zuerst die Begründung ins Feld schreiben: die anfragende Person liest sie.',
    fr: () => 'Pour rejeter, écrivez d’abord le motif dans le champ : le demandeur le lit.',
  },
  /** Slack's words of a decided request (requester's DM and the approvers' updated message). */
  'notice.decided': {
    en: (p) =>
      `Approval request ${p.id} (${p.action}) ${
        p.status === 'granted' ? 'was approved' : p.status === 'rejected' ? 'was rejected' : 'expired'
      }${p.reason ? `: ${p.reason}` : '.'}`,
    de: (p) =>
      `Freigabeanfrage ${p.id} (${p.action}) ${
        p.status === 'granted' ? 'wurde freigegeben' : p.status === 'rejected' ? 'wurde abgelehnt' : 'ist abgelaufen'
      }${p.reason ? `: ${p.reason}` : '.'}`,
    fr: (p) =>
      `La demande d'approbation ${p.id} (${p.action}) ${
        p.status === 'granted' ? 'a été approuvée' : p.status === 'rejected' ? 'a été rejetée' : 'a expiré'
      }${p.reason ? ` : ${p.reason}` : '.'}`,
  },
  /** Teams' words of a decided request, to the requester. */
  'notice.teamsGranted': {
    en: (p) =>
      `Your request was approved${p.by ? ` by ${p.by}` : ''}: ${p.summary}. Say "resume" in our chat to run it.`,
    de: (p) =>
      `Ihre Anfrage wurde freigegeben${p.by ? ` von ${p.by}` : ''}: ${p.summary}. ` +
      'Sagen Sie „resume“ in unserem Chat, um sie auszuführen.',
    fr: (p) =>
      `Votre demande a été approuvée${p.by ? ` par ${p.by}` : ''} : ${p.summary}. ` +
      'Dites « resume » dans notre conversation pour l’exécuter.',
  },
  'notice.teamsRejected': {
    en: (p) =>
      `Your request was rejected${p.by ? ` by ${p.by}` : ''}: ${p.summary}.${p.reason ? ` Reason: ${p.reason}` : ''}`,
    de: (p) =>
      `Ihre Anfrage wurde abgelehnt${p.by ? ` von ${p.by}` : ''}: ${p.summary}.${p.reason ? ` Begründung: ${p.reason}` : ''}`,
    fr: (p) =>
      `Votre demande a été rejetée${p.by ? ` par ${p.by}` : ''} : ${p.summary}.${p.reason ? ` Motif : ${p.reason}` : ''}`,
  },
  'notice.teamsExpired': {
    en: (p) => `Your request expired before it was approved: ${p.summary}. Ask again to open a new one.`,
    de: (p) =>
      `Ihre Anfrage ist vor der Freigabe abgelaufen: ${p.summary}. Fragen Sie erneut, um eine neue zu eröffnen.`,
    fr: (p) => `Votre demande a expiré avant d’être approuvée : ${p.summary}. Redemandez pour en ouvrir une nouvelle.`,
  },
  /** A decision notice's title (notice-chat-message.ts): subject is "invoice" or "request", verdict the event. */
  'notice.title': {
    en: (p) =>
      `${p.subject === 'invoice' ? 'Invoice' : 'Approval request'} ${
        p.verdict === 'rejected' ? 'rejected' : p.verdict === 'expired' ? 'approved too late' : 'approved'
      }`,
    de: (p) =>
      `${p.subject === 'invoice' ? 'Rechnung' : 'Freigabeanfrage'} ${
        p.verdict === 'rejected' ? 'abgelehnt' : p.verdict === 'expired' ? 'zu spät freigegeben' : 'freigegeben'
      }`,
    fr: (p) =>
      `${p.subject === 'invoice' ? 'Facture' : "Demande d'approbation"} ${
        p.verdict === 'rejected' ? 'rejetée' : p.verdict === 'expired' ? 'approuvée trop tard' : 'approuvée'
      }`,
  },
  /** The Slack adapter's own words: how an unlinked person gets linked (`command` is the CLI line, as it is). */
  'slack.notLinked': {
    en: (p) =>
      `Hi <@${p.user}>, I don't know who you are in Billing Copilot yet, so I can't act for you. ` +
      `Please ask an administrator to link your Slack account: \`${p.command}\`.`,
    de: (p) =>
      `Hallo <@${p.user}>, ich weiß noch nicht, wer Sie in Billing Copilot sind, deshalb kann ich nicht für Sie ` +
      `handeln. Bitten Sie eine Administratorin oder einen Administrator, Ihr Slack-Konto zu verknüpfen: \`${p.command}\`.`,
    fr: (p) =>
      `Bonjour <@${p.user}>, je ne sais pas encore qui vous êtes dans Billing Copilot, je ne peux donc pas agir pour ` +
      `vous. Demandez à un administrateur de lier votre compte Slack : \`${p.command}\`.`,
  },
  'slack.help': {
    en: () =>
      'Ask me in plain words, e.g. `/billing what is overdue for CL-ACME?`, `/billing what waits for my approval?`, ' +
      '`/billing why is INV-2026-0042 held?`. Approval requests come to you as messages with Approve / Reject buttons.',
    de: () =>
      'Fragen Sie mich in eigenen Worten, z. B. `/billing was ist bei CL-ACME überfällig?`, ' +
      '`/billing was wartet auf meine Freigabe?`, `/billing warum ist INV-2026-0042 angehalten?`. ' +
      'Freigabeanfragen kommen als Nachrichten mit den Knöpfen Freigeben / Ablehnen zu Ihnen.',
    fr: () =>
      'Posez-moi vos questions simplement, p. ex. `/billing qu’est-ce qui est en retard pour CL-ACME ?`, ' +
      '`/billing qu’est-ce qui attend mon approbation ?`, `/billing pourquoi INV-2026-0042 est-elle bloquée ?`. ' +
      'Les demandes d’approbation vous arrivent en messages avec les boutons Approuver / Rejeter.',
  },
} satisfies Record<string, Texts>;
