import React from 'react';
import { Alert } from '@grafana/ui';

interface Props {
  testId: string;
  ok: boolean;
  /** The alert's titles: on success, when nothing was changed, and when some changes remain. */
  titles: { ok: string; failed: string; partly: string };
  /** What was done, on success. */
  summary: string;
  error?: string;
  /** Problems putting things back after a failure. */
  rollbackErrors: string[];
  /** What was synced, in the plural ("rules", "dashboards"). */
  things: string;
}

/** The outcome of applying a sync: what it did, or why it stopped and whether everything was put back. */
export function SyncOutcome({ testId, ok, titles, summary, error, rollbackErrors, things }: Props) {
  return (
    <div data-testid={testId}>
      {ok ? (
        <Alert severity="success" title={titles.ok}>
          {summary}
        </Alert>
      ) : (
        <Alert severity="error" title={rollbackErrors.length === 0 ? titles.failed : titles.partly}>
          {error}{' '}
          {rollbackErrors.length === 0
            ? `Nothing was changed: the ${things} are as they were before.`
            : `Some changes could not be undone, check these ${things}: ${rollbackErrors.join(' ')}`}
        </Alert>
      )}
    </div>
  );
}
