import { useCallback, useState } from 'react';
import { FOLDER, type PerfscopeSettings } from '@perfscope/catalog';
import {
  type AlertingApi,
  type GroupLike,
  type Review,
  type SyncResult,
  applyReview,
  describeSyncError,
  review as reviewSync,
} from './ruleSync';

/** The alert sync's state on the configuration page, and what it can do. */
export interface AlertSyncState {
  /** The last review: the plan, and what it was made from. */
  reviewed?: Review;
  /** A review or an apply is running. */
  busy: boolean;
  /** Why the rules could not be read. */
  error?: string;
  /** The outcome of the last apply. */
  result?: SyncResult;
  /** Plans the changes the settings (default: the saved ones) call for. */
  review(settings?: PerfscopeSettings): Promise<void>;
  /** Applies the reviewed plan, then reviews again. */
  apply(): Promise<void>;
}

/**
 * State of "Apply to alert rules": the page starts a review after each save, the button starts one
 * too, and applying writes the reviewed plan group by group (see ruleSync.ts).
 */
export function useAlertSync(
  settings: PerfscopeSettings | undefined,
  desiredGroups: (settings: PerfscopeSettings | undefined, folderUid: string) => GroupLike[],
  api: AlertingApi
): AlertSyncState {
  const [reviewed, setReviewed] = useState<Review>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<SyncResult>();

  const review = useCallback(
    async (forSettings = settings) => {
      setBusy(true);
      setError(undefined);
      try {
        setReviewed(await reviewSync((folderUid) => desiredGroups(forSettings, folderUid), api, FOLDER.uid));
      } catch (e) {
        setError(describeSyncError(e));
      } finally {
        setBusy(false);
      }
    },
    [settings, desiredGroups, api]
  );

  const apply = useCallback(async () => {
    if (!reviewed) {
      return;
    }
    setBusy(true);
    setResult(await applyReview(reviewed, api));
    setBusy(false);
    await review();
  }, [reviewed, api, review]);

  return { reviewed, busy, error, result, review, apply };
}
