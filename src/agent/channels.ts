/** The channels a turn comes from: apart from the turn, so the agent route's schema needs no turn to start. */
export const CHANNELS = ['chat', 'document', 'erp_error', 'client_email', 'slack', 'teams'] as const;
/** Channels where a person asks in their own words; the others carry text from outside, which is data. */
export const PERSON_CHANNELS: readonly string[] = ['chat', 'slack', 'teams'];
export type Channel = (typeof CHANNELS)[number];
