import React from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { type RuleLike, planIsEmpty } from './ruleSync';
import { SyncOutcome } from './SyncOutcome';
import type { AlertSyncState } from './useAlertSync';

interface Props {
  /** The sync's state, held by the page (useAlertSync). */
  sync: AlertSyncState;
}

const list = (rules: RuleLike[]) => rules.map((r) => r.title).join(', ');

/**
 * "Apply to alert rules": shows what a sync would create, update and remove in Grafana's
 * Perfscope folder, applies it on confirmation, and reports the outcome.
 */
export function AlertSync({ sync }: Props) {
  const { busy, error, result, review, apply } = sync;
  const plan = sync.reviewed?.plan;

  const intervals = plan ? plan.groups.filter((g) => g.interval) : [];
  const changes = plan ? plan.create.length + plan.update.length + plan.remove.length + intervals.length : 0;

  return (
    <div data-testid={testIds.appConfig.sync}>
      <Stack direction="column" gap={1}>
        <Text color="secondary">
          Perfscope keeps Grafana-managed alert rules in the Perfscope folder, one group per area, a warning and a
          critical rule per enabled signal. Synced rules are locked in the alerting UI: change them here.
        </Text>
        <div>
          <Button variant="secondary" icon="bell" disabled={busy} onClick={() => review()}>
            Review alert-rule changes
          </Button>
        </div>
        {error && (
          <Alert severity="error" title="Could not read the alert rules">
            {error}
          </Alert>
        )}
        {plan && (
          <div data-testid={testIds.appConfig.syncPlan}>
            {planIsEmpty(plan) ? (
              <Text>No changes: the alert rules match these settings ({plan.unchanged} rules).</Text>
            ) : (
              <ul>
                {plan.create.length > 0 && (
                  <li>
                    Create {plan.create.length}: {list(plan.create)}
                  </li>
                )}
                {plan.update.map((c) => (
                  <li key={c.after.uid}>
                    Update {c.after.title} ({c.fields.join(', ')})
                  </li>
                ))}
                {plan.remove.length > 0 && (
                  <li>
                    Remove {plan.remove.length}: {list(plan.remove)}
                  </li>
                )}
                {intervals.map((g) => (
                  <li key={g.title}>
                    Evaluate {g.title} every {g.after.interval} s (now every {g.before.interval} s)
                  </li>
                ))}
                <li>Unchanged: {plan.unchanged}</li>
              </ul>
            )}
            {plan.locked.length > 0 && (
              <Alert severity="warning" title="Perfscope's rules are provisioned from files here">
                This Grafana provisions {plan.locked.length} Perfscope rules from files ({list(plan.locked)}), so the
                sync writes nothing: its rules would repeat them. Change the thresholds in those files (npm run
                generate), or remove the files from Grafana&apos;s provisioning to manage the rules on this page.
              </Alert>
            )}
            {changes > 0 && (
              <Button disabled={busy} onClick={apply}>
                Apply {changes} {changes === 1 ? 'change' : 'changes'}
              </Button>
            )}
          </div>
        )}
        {result && (
          <SyncOutcome
            testId={testIds.appConfig.syncResult}
            ok={result.ok}
            titles={{
              ok: 'Alert rules updated',
              failed: 'Alert rules not changed',
              partly: 'Some alert rules changed',
            }}
            summary={`Created ${result.created}, updated ${result.updated}, removed ${result.removed}.`}
            error={result.error}
            rollbackErrors={result.rollbackErrors}
            things="rules"
          />
        )}
      </Stack>
    </div>
  );
}
