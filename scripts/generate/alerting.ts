/**
 * Grafana alerting provisioning files: the Perfscope rule groups (the catalog's rule builder with the
 * default settings), contact points whose addresses and secrets come from the environment, and a
 * notification policy tree that pages on critical and tells the team channel about warnings.
 */
import type { ContactPoint, NotificationPolicy } from '@grafana/grafana-foundation-sdk/alerting';
import { FOLDER, type GrafanaRuleGroup } from '@perfscope/catalog';

/** Environment variables Grafana reads the contact points from; none has a committed value. */
export const CONTACT_ENV = {
  oncallEmail: 'PERFSCOPE_ONCALL_EMAIL',
  oncallSlackUrl: 'PERFSCOPE_ONCALL_SLACK_URL',
  oncallWebhookUrl: 'PERFSCOPE_ONCALL_WEBHOOK_URL',
  teamSlackUrl: 'PERFSCOPE_TEAM_SLACK_URL',
} as const;

const env = (name: string) => `$__env{${name}}`;

export const ONCALL_RECEIVER = 'Perfscope on-call';
export const TEAM_RECEIVER = 'Perfscope team';

/**
 * Repeat intervals follow the guides' notification cool-downs: critical 5 m; a warning is the guides'
 * "medium" priority, 1 h. Group intervals are shorter so new alerts of a group still go out promptly.
 */
export const ROUTING = {
  critical: { group_wait: '30s', group_interval: '1m', repeat_interval: '5m' },
  warning: { group_wait: '1m', group_interval: '5m', repeat_interval: '1h' },
} as const;

type Receiver = Omit<ContactPoint, 'name'>;

/** Grafana's file-provisioning form of the rule groups (folder by title, org 1). */
export function rulesFile(groups: GrafanaRuleGroup[]) {
  return {
    apiVersion: 1,
    groups: groups.map((g) => ({
      orgId: 1,
      name: g.title,
      folder: FOLDER.title,
      interval: g.interval,
      // The file names the folder once for the group; uid, title, data … as the API has them.
      rules: g.rules.map(({ ruleGroup: _group, folderUID: _folder, orgID: _org, ...rule }) => rule),
    })),
  };
}

export function contactPointsFile() {
  const oncall: Receiver[] = [
    {
      uid: 'perfscope-oncall-email',
      type: 'email',
      settings: { addresses: env(CONTACT_ENV.oncallEmail), singleEmail: true },
      disableResolveMessage: false,
    },
    {
      uid: 'perfscope-oncall-slack',
      type: 'slack',
      settings: { url: env(CONTACT_ENV.oncallSlackUrl), mentionChannel: 'here' },
      disableResolveMessage: false,
    },
    {
      uid: 'perfscope-oncall-webhook',
      type: 'webhook',
      settings: { url: env(CONTACT_ENV.oncallWebhookUrl), httpMethod: 'POST' },
      disableResolveMessage: false,
    },
  ];
  const team: Receiver[] = [
    {
      uid: 'perfscope-team-slack',
      type: 'slack',
      settings: { url: env(CONTACT_ENV.teamSlackUrl) },
      disableResolveMessage: false,
    },
  ];
  return {
    apiVersion: 1,
    contactPoints: [
      { orgId: 1, name: ONCALL_RECEIVER, receivers: oncall },
      { orgId: 1, name: TEAM_RECEIVER, receivers: team },
    ],
  };
}

export function policiesFile() {
  const route = (severity: 'critical' | 'warning', receiver: string): NotificationPolicy => ({
    receiver,
    object_matchers: [['severity', '=', severity]],
    group_by: ['grafana_folder', 'alertname'],
    ...ROUTING[severity],
    continue: false,
  });
  const root: NotificationPolicy = {
    receiver: TEAM_RECEIVER,
    group_by: ['grafana_folder', 'alertname'],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '4h',
    routes: [route('critical', ONCALL_RECEIVER), route('warning', TEAM_RECEIVER)],
  };
  return { apiVersion: 1, policies: [{ orgId: 1, ...root }] };
}
