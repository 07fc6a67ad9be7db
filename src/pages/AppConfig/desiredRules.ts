import {
  type PerfscopeSettings,
  SYNC_RULE_UID_PREFIX,
  buildGrafanaRuleGroups,
  parseDuration,
  ALERTING_DATASOURCE_UID,
} from '@perfscope/catalog';
import type { GroupLike, RuleLike } from './ruleSync';

/**
 * The Grafana-managed rule groups the settings call for: the same builder as the provisioned rule
 * files, with the admin's thresholds, the chosen Prometheus datasource and the sync's own UIDs,
 * in the folder the rules live in.
 */
export function desiredGroups(settings: PerfscopeSettings | undefined, folderUid: string): GroupLike[] {
  return buildGrafanaRuleGroups(settings, {
    datasourceUid: settings?.alertDatasourceUid ?? ALERTING_DATASOURCE_UID,
    folderUid,
    uidPrefix: SYNC_RULE_UID_PREFIX,
  }).map((group) => ({
    title: group.title,
    interval: parseDuration(group.interval) / 1000,
    rules: group.rules as unknown as RuleLike[],
  }));
}
