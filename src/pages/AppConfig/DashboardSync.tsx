import React from 'react';
import { Alert, Button, Checkbox, LoadingPlaceholder, Stack, Text, TextLink } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { type DashboardStep, writesOf } from './dashboardSync';
import { SyncOutcome } from './SyncOutcome';
import type { DashboardSyncState } from './useDashboardSync';

interface Props {
  /** The sync's state, held by the page (useDashboardSync). */
  sync: DashboardSyncState;
  /** The settings are being saved: applying waits (both write the app settings). */
  saving?: boolean;
}

const link = (step: DashboardStep) => (
  <TextLink href={`/d/${step.uid}`} inline>
    {step.title}
  </TextLink>
);

/** One dashboard's line of the plan: what the sync does with it, and why. */
function StepLine({ step, sync }: { step: DashboardStep; sync: DashboardSyncState }) {
  switch (step.kind) {
    case 'create':
      return <>Create {step.title}</>;
    case 'update':
      return (
        <>
          Update {link(step)}: {step.changes.join(', ')}
          {step.since === 'installed' && ' (not edited since Grafana imported it)'}
        </>
      );
    case 'edited':
      return (
        <Stack direction="column" gap={0.5}>
          <span>
            Keep {link(step)}: {step.reason}
            {step.changes.length > 0 && ` The app's version differs in ${step.changes.join(', ')}.`}
          </span>
          <Checkbox
            label="Replace it with the app's version (the edits are lost; Grafana keeps them in the version history)"
            value={sync.overwrite.has(step.uid)}
            disabled={sync.busy}
            onChange={(e) => sync.setOverwrite(step.uid, e.currentTarget.checked)}
          />
        </Stack>
      );
    case 'locked':
      return (
        <>
          Leave {link(step)}: {step.reason}
        </>
      );
    case 'unchanged':
      return <>{link(step)} is up to date</>;
  }
}

/**
 * "Apply to dashboards": shows what a sync would create and update among Perfscope's dashboards for
 * the saved settings, which dashboards it leaves because someone edited them (unless replaced on
 * request) or something else manages them, applies on confirmation and reports the outcome.
 */
export function DashboardSync({ sync, saving = false }: Props) {
  const { plan, busy, error, result, review, apply } = sync;
  const writes = plan ? writesOf(plan, sync.overwrite).length : 0;

  return (
    <div data-testid={testIds.appConfig.dashboardSync}>
      <Stack direction="column" gap={1}>
        <Text color="secondary">
          Perfscope&apos;s dashboards follow the saved settings: the metric names, the thresholds and the custom
          signals. The sync writes them through Grafana&apos;s dashboard API and leaves a dashboard someone saved since
          the last sync as it is, unless you choose to replace it.
        </Text>
        <div>
          <Button variant="secondary" icon="apps" disabled={busy} onClick={() => review()}>
            Review dashboard changes
          </Button>
        </div>
        {error && (
          <Alert severity="error" title="Could not review the dashboards">
            {error}
          </Alert>
        )}
        {busy && !plan && <LoadingPlaceholder text="Reading the dashboards…" />}
        {plan && (
          <div data-testid={testIds.appConfig.dashboardPlan}>
            <ul>
              {plan.steps.map((step) => (
                <li key={step.uid} data-testid={testIds.appConfig.dashboardStep(step.uid)}>
                  <StepLine step={step} sync={sync} />
                </li>
              ))}
            </ul>
            {writes > 0 ? (
              <Button disabled={busy || saving} onClick={apply}>
                Apply to {writes} {writes === 1 ? 'dashboard' : 'dashboards'}
              </Button>
            ) : (
              <Text>Nothing to write.</Text>
            )}
          </div>
        )}
        {result && (
          <SyncOutcome
            testId={testIds.appConfig.dashboardResult}
            ok={result.ok}
            titles={{ ok: 'Dashboards updated', failed: 'Dashboards not changed', partly: 'Some dashboards changed' }}
            summary={`Created ${result.created}, updated ${result.updated}.`}
            error={result.error}
            rollbackErrors={result.rollbackErrors}
            things="dashboards"
          />
        )}
      </Stack>
    </div>
  );
}
