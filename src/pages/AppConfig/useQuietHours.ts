import { useCallback, useMemo, useRef, useState } from 'react';
import { EMPTY_WINDOW, type WindowErrors, type WindowForm, checkWindow, isOurWindow } from './quietHours';
import {
  NO_EDITS,
  type QuietHoursApi,
  type QuietHoursPlan,
  type QuietHoursResult,
  type QuietHoursState,
  type WindowEdits,
  applyQuietHours,
  describeQuietHoursError,
  desiredWindows,
  planQuietHours,
  readQuietHours,
} from './quietHoursSync';

/** The maintenance windows' state on the configuration page, and what it can do. */
export interface QuietHoursPageState {
  /** What Grafana had at the last review. */
  loaded?: QuietHoursState;
  /** Windows added, changed or removed on the page and not yet applied. */
  edits: WindowEdits;
  /** The edits against what Grafana had; undefined until the first review. */
  plan?: QuietHoursPlan;
  /** A review or an apply is running. */
  busy: boolean;
  /** Why Grafana's mute timings or policies could not be read. */
  error?: string;
  /** The outcome of the last apply. */
  result?: QuietHoursResult;
  /** The window being typed, as typed, and what is wrong with it. */
  form: WindowForm;
  formErrors: WindowErrors;
  setForm(patch: Partial<WindowForm>): void;
  /** Checks the typed window and adds it (or replaces the window of its name); keeps the form when it is wrong. */
  addWindow(): void;
  /** Marks a window of Perfscope's for removal, or drops one added on the page. */
  removeWindow(name: string): void;
  /** Takes back a removal or a change made on the page. */
  restoreWindow(name: string): void;
  /** Reads Grafana's mute timings and policies again; the page's edits stay. */
  review(): Promise<void>;
  /** Applies the plan, then reviews again. */
  apply(): Promise<void>;
}

/**
 * State of the maintenance windows: Grafana is read on the review button (or with the first window
 * added), the plan follows every edit, and applying writes it with undo (quietHoursSync.ts).
 */
export function useQuietHours(api: QuietHoursApi): QuietHoursPageState {
  const [loaded, setLoaded] = useState<QuietHoursState>();
  const [edits, setEdits] = useState<WindowEdits>(NO_EDITS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<QuietHoursResult>();
  const [form, setFormState] = useState<WindowForm>(EMPTY_WINDOW);
  const [formErrors, setFormErrors] = useState<WindowErrors>({});
  // Reviews can overlap (one after an apply, one on the button): only the last one started counts.
  const latest = useRef(0);

  const review = useCallback(async () => {
    const run = ++latest.current;
    setBusy(true);
    setError(undefined);
    try {
      const state = await readQuietHours(api);
      if (run === latest.current) {
        setLoaded(state);
      }
    } catch (e) {
      if (run === latest.current) {
        setError(describeQuietHoursError(e));
      }
    } finally {
      if (run === latest.current) {
        setBusy(false);
      }
    }
  }, [api]);

  const plan = useMemo(
    () => (loaded ? planQuietHours(desiredWindows(loaded.existing, edits), loaded.existing, loaded.tree) : undefined),
    [loaded, edits]
  );

  const setForm = useCallback((patch: Partial<WindowForm>) => {
    setFormState((now) => ({ ...now, ...patch }));
    setFormErrors((now) => {
      const next = { ...now };
      for (const key of [...Object.keys(patch), 'window'] as Array<keyof WindowErrors>) {
        delete next[key];
      }
      return next;
    });
  }, []);

  const addWindow = useCallback(() => {
    const check = checkWindow(form, new Date());
    if (!check.ok) {
      setFormErrors(check.errors);
      return;
    }
    const { timing } = check;
    setEdits((now) => {
      const removed = new Set(now.removed);
      removed.delete(timing.name);
      return { added: new Map(now.added).set(timing.name, timing), removed };
    });
    // The next window is often in the same zone: keep it.
    setFormState({ ...EMPTY_WINDOW, timeZone: form.timeZone });
    setFormErrors({});
    if (!loaded && !busy) {
      review();
    }
  }, [form, loaded, busy, review]);

  const removeWindow = useCallback(
    (name: string) =>
      setEdits((now) => {
        const added = new Map(now.added);
        const wasAdded = added.delete(name);
        const ours = loaded?.existing.some((t) => t.name === name && isOurWindow(t));
        return { added, removed: ours || !wasAdded ? new Set(now.removed).add(name) : now.removed };
      }),
    [loaded]
  );

  const restoreWindow = useCallback(
    (name: string) =>
      setEdits((now) => {
        const added = new Map(now.added);
        added.delete(name);
        const removed = new Set(now.removed);
        removed.delete(name);
        return { added, removed };
      }),
    []
  );

  const apply = useCallback(async () => {
    if (!plan) {
      return;
    }
    setBusy(true);
    setResult(undefined);
    const outcome = await applyQuietHours(plan, api);
    if (outcome.ok) {
      // Applied: what Grafana has now is the next review's to say.
      setEdits(NO_EDITS);
      setLoaded(undefined);
    }
    setResult(outcome);
    setBusy(false);
    await review();
  }, [plan, api, review]);

  return {
    loaded,
    edits,
    plan,
    busy,
    error,
    result,
    form,
    formErrors,
    setForm,
    addWindow,
    removeWindow,
    restoreWindow,
    review,
    apply,
  };
}
