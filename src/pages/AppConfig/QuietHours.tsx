import React, { useMemo } from 'react';
import { Alert, Button, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import { testIds } from '../../components/testIds';
import { type MuteTiming, describeTiming, isOurWindow } from './quietHours';
import {
  type PolicyChange,
  type QuietHoursApi,
  type QuietHoursPlan,
  type Route,
  changesOf,
  describeStep,
  isPerfscopeRoute,
  matcherText,
} from './quietHoursSync';
import { grafanaMuteTimingsApi } from './muteTimingsApi';
import { QuietHoursForm } from './QuietHoursForm';
import { SyncOutcome } from './SyncOutcome';
import { getConfigStyles } from './styles';
import { type QuietHoursPageState, useQuietHours } from './useQuietHours';

interface Props {
  /** Grafana's provisioning API; Grafana's own by default. */
  api?: QuietHoursApi;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The admin's top-level policies, as Perfscope's policy copies them: "severity=critical → Perfscope on-call". */
function copiesText(tree: Route): string {
  const others = (tree.routes ?? []).filter((r) => !isPerfscopeRoute(r));
  const shown = others.slice(0, 4).map((r) => `${matcherText(r)} → ${r.receiver ?? `${tree.receiver} (inherited)`}`);
  const more = others.length > shown.length ? `, and ${others.length - shown.length} more` : '';
  return `${shown.join('; ')}${more}`;
}

/** What happens to Perfscope's notification policy, in words. */
function policyText(policy: PolicyChange): string {
  const names = policy.route?.mute_time_intervals?.join(', ') ?? '';
  const others = (policy.before.routes ?? []).filter((r) => !isPerfscopeRoute(r)).length;
  const delivery =
    others > 0
      ? `It holds a copy of your ${plural(others, 'notification policy', 'notification policies')} (${copiesText(policy.before)}), each muted too, so Perfscope's alerts reach the same contact points as before.`
      : `They still go to the default contact point (${policy.before.receiver}).`;
  switch (policy.kind) {
    case 'add':
      return `Add Perfscope's notification policy, first under the default policy: alerts with ${GRAFANA_ORIGIN_LABEL}=${ORIGIN} are muted during ${names}. ${delivery} Other alerts are not affected.`;
    case 'update':
      return `Update Perfscope's notification policy: alerts with ${GRAFANA_ORIGIN_LABEL}=${ORIGIN} are muted during ${names}. ${delivery}`;
    case 'remove':
      return "Remove Perfscope's notification policy: no maintenance window is left, and Perfscope's alerts go through your policies alone again.";
    case 'none':
      return '';
  }
}

function PlanView({ plan, state }: { plan: QuietHoursPlan; state: QuietHoursPageState }) {
  const styles = useStyles2(getConfigStyles);
  const changes = changesOf(plan);
  const shown = plan.steps.filter((s) => s.kind !== 'unchanged');
  const unchanged = plan.steps.length - shown.length;
  const { policy } = plan;
  const route = policy.route;
  return (
    <div data-testid={testIds.appConfig.quietHoursPlan}>
      <Text element="h5">What applying does</Text>
      {shown.length === 0 && policy.kind === 'none' ? (
        <Text>
          {unchanged > 0
            ? `No changes: Grafana has Perfscope's ${plural(unchanged, 'maintenance window')}, and Perfscope's notification policy mutes its alerts during them.`
            : 'No changes: Perfscope has no maintenance window in Grafana.'}
        </Text>
      ) : (
        <ul>
          {shown.map((step) => (
            <li key={step.name}>{describeStep(step)}</li>
          ))}
          {policy.kind !== 'none' && <li>{policyText(policy)}</li>}
          {unchanged > 0 && <li>Unchanged: {plural(unchanged, 'window')}</li>}
        </ul>
      )}
      {policy.locked && (
        <Alert severity="warning" title="Perfscope cannot write the notification policies">
          {policy.locked}
        </Alert>
      )}
      {policy.warning && (
        <Alert severity="info" title="Another tool manages the notification policies">
          {policy.warning}
        </Alert>
      )}
      {route && (policy.kind !== 'none' || policy.locked) && (
        <details>
          <summary>Perfscope&apos;s notification policy, as written</summary>
          <pre className={styles.promql}>{JSON.stringify(route, null, 2)}</pre>
        </details>
      )}
      {changes > 0 && (
        <Button disabled={state.busy} onClick={state.apply}>
          Apply {plural(changes, 'change')}
        </Button>
      )}
    </div>
  );
}

/** One of Perfscope's windows, as it will be after applying, with what can be done to it. */
function WindowLine({ name, timing, state }: { name: string; timing?: MuteTiming; state: QuietHoursPageState }) {
  const { edits, removeWindow, restoreWindow, busy } = state;
  const removed = edits.removed.has(name);
  const added = edits.added.get(name);
  const note = removed
    ? ' — removed when you apply'
    : added && timing
      ? ' — changed, not applied yet'
      : added
        ? ' — new, not applied yet'
        : '';
  return (
    <li>
      <Stack gap={1} alignItems="center">
        <Text>
          {name}: {describeTiming(added ?? timing!)}
          {note}
        </Text>
        {removed || added ? (
          <Button size="sm" variant="secondary" fill="text" disabled={busy} onClick={() => restoreWindow(name)}>
            {removed ? 'Keep' : 'Discard'}
          </Button>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            fill="text"
            icon="trash-alt"
            disabled={busy}
            onClick={() => removeWindow(name)}
          >
            Remove
          </Button>
        )}
      </Stack>
    </li>
  );
}

/**
 * Maintenance windows: Grafana mute timings that Perfscope owns, added and removed here, and the
 * notification policy that mutes Perfscope's alerts during them; every change is reviewed as a
 * plan first and undone if a write fails.
 */
export function QuietHours({ api }: Props) {
  const client = useMemo(() => api ?? grafanaMuteTimingsApi(), [api]);
  const state = useQuietHours(client);
  const { loaded, edits, plan, busy, error, result, review } = state;
  const ours = (loaded?.existing ?? []).filter(isOurWindow);
  const names = [...new Set([...ours.map((t) => t.name), ...edits.added.keys()])].sort();
  const current = new Map(ours.map((t) => [t.name, t]));

  return (
    <div data-testid={testIds.appConfig.quietHours}>
      <Stack direction="column" gap={2}>
        <Text color="secondary">
          During a maintenance window Grafana sends no notification of Perfscope&apos;s alerts; they still fire and show
          on the Overview. Windows are Grafana mute timings named perfscope-maintenance-…, locked in the alerting UI,
          and one notification policy of Perfscope&apos;s applies them to its alerts alone.
        </Text>
        <div>
          <Button variant="secondary" icon="clock-nine" disabled={busy} onClick={() => review()}>
            Review maintenance windows
          </Button>
        </div>
        {error && (
          <Alert severity="error" title="Could not read the maintenance windows">
            {error}
          </Alert>
        )}
        {busy && !loaded && <LoadingPlaceholder text="Reading the mute timings and notification policies…" />}
        {(loaded || edits.added.size > 0) && (
          <div data-testid={testIds.appConfig.quietHoursWindows}>
            <Text element="h5">Perfscope&apos;s windows</Text>
            {names.length === 0 ? (
              <Text color="secondary">Perfscope has no maintenance window yet.</Text>
            ) : (
              <ul>
                {names.map((name) => (
                  <WindowLine key={name} name={name} timing={current.get(name)} state={state} />
                ))}
              </ul>
            )}
          </div>
        )}
        <QuietHoursForm state={state} />
        {plan && <PlanView plan={plan} state={state} />}
        {result && (
          <SyncOutcome
            testId={testIds.appConfig.quietHoursResult}
            ok={result.ok}
            titles={{
              ok: 'Maintenance windows updated',
              failed: 'Maintenance windows not changed',
              partly: 'Some maintenance-window changes remain',
            }}
            summary={`Created ${result.created}, updated ${result.updated}, removed ${result.removed}.${
              result.policy === 'none'
                ? ''
                : ` Perfscope's notification policy ${result.policy === 'add' ? 'added' : `${result.policy}d`}.`
            }`}
            error={result.error}
            rollbackErrors={result.rollbackErrors}
            things="windows and notification policies"
          />
        )}
      </Stack>
    </div>
  );
}
