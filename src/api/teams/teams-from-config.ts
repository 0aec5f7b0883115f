import type { Config } from '../../config.ts';
import type { ModelEngine } from '../../agent/turn.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { botConnector } from './connector.ts';
import { teamsBot, type TeamsBot, type TeamsBotOptions } from './teams-bot.ts';
import { TeamsNotifier } from './teams-notifier.ts';
import { botTokenVerifier } from './verify-token.ts';

/** The Teams bot endpoint and notifier of a configuration, sharing one connector (one token cache). */
export interface TeamsChannel {
  bot: TeamsBot;
  notifier: TeamsNotifier;
}

/**
 * Teams from the environment: null unless TEAMS_APP_ID and TEAMS_APP_PASSWORD are both set (then
 * POST /teams/messages is not served at all). Hooks are the composition root's to wire.
 */
export function teamsFromConfig(
  config: Config,
  deps: ToolDeps,
  opts: {
    model: ModelEngine | null;
    log: TeamsBotOptions['log'];
    onApprovalDecided?: TeamsBotOptions['onApprovalDecided'];
    onApprovalsRequested?: TeamsBotOptions['onApprovalsRequested'];
    queue?: TeamsBotOptions['queue'];
  },
): TeamsChannel | null {
  if (!config.TEAMS_APP_ID || !config.TEAMS_APP_PASSWORD) return null;
  const connector = botConnector({
    appId: config.TEAMS_APP_ID,
    appPassword: config.TEAMS_APP_PASSWORD,
    tokenUrl: config.TEAMS_TOKEN_URL,
  });
  const verify = botTokenVerifier({
    jwksUrl: config.TEAMS_OPENID_JWKS_URL,
    issuer: config.TEAMS_TOKEN_ISSUER,
    appId: config.TEAMS_APP_ID,
  });
  return {
    bot: teamsBot({ deps, verify, connector, ...opts }),
    notifier: new TeamsNotifier(deps, connector, { defaultConversation: config.TEAMS_COLLECTIONS_CONVERSATION }),
  };
}
