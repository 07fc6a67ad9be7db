import { type PerfscopeSettings, buildGrafanaRuleGroups } from '@perfscope/catalog';
import { ALERTING_PROMETHEUS_UID } from '../../constants';
import { FOLDER, type RuleLike } from './ruleSync';

/**
 * The Grafana-managed rules the settings call for: the same builder as the provisioned rule files,
 * with the admin's thresholds and the chosen Prometheus datasource.
 */
export function desiredRules(settings: PerfscopeSettings | undefined): RuleLike[] {
  return buildGrafanaRuleGroups(settings, {
    datasourceUid: settings?.alertDatasourceUid ?? ALERTING_PROMETHEUS_UID,
    folderUid: FOLDER.uid,
  }).flatMap((group) => group.rules as unknown as RuleLike[]);
}
