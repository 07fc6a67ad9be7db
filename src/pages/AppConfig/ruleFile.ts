import { dump } from 'js-yaml';
import { type PerfscopeSettings, buildPrometheusRuleGroups } from '@perfscope/catalog';

/** The file name the configuration page offers the Prometheus rules under. */
export const RULE_FILE_NAME = 'perfscope-rules.yml';

/**
 * A Prometheus rule file for the settings: the recording rules, every area's alerts and the
 * error-budget alerts, in the team's metric names and at the admin's thresholds. For teams that
 * alert from Prometheus or Mimir instead of Grafana: `promtool check rules` accepts it as it is.
 */
export function ruleFileText(settings: PerfscopeSettings, grafanaUrl: string): string {
  const header = [
    '# Perfscope rules for the app settings of this Grafana, from its configuration page.',
    '# Load with rule_files in prometheus.yml (or upload to Mimir); check with promtool check rules.',
  ].join('\n');
  const groups = buildPrometheusRuleGroups(settings, { grafanaUrl });
  return `${header}\n${dump({ groups }, { lineWidth: -1, noRefs: true, quotingType: "'" })}`;
}
