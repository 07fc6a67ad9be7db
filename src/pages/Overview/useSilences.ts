import { useCallback, useEffect, useMemo, useState } from 'react';
import { config } from '@grafana/runtime';
import type { FiringAlert } from './firingAlerts';
import {
  type Silence,
  type SilenceChoice,
  type SilenceUser,
  activeSilence,
  alertKey,
  canSilence,
  describeSilenceError,
  silenceEnd,
  silenceMatchers,
  silenceRequest,
} from './silences';
import { type SilencesApi, grafanaSilencesApi } from './silencesApi';

/** Silencing firing alerts from a page: what is silenced, and the actions. */
export interface SilencesState {
  /** The signed-in user may create silences (others see no action). */
  allowed: boolean;
  /** The silence muting this alert now, if any. */
  silenceOf(alert: FiringAlert): Silence | undefined;
  /** A silence or an undo of this alert is under way. */
  busy(alert: FiringAlert): boolean;
  /** Why the last action on this alert failed, and what to do. */
  error(alert: FiringAlert): string | undefined;
  silence(alert: FiringAlert, choice: SilenceChoice): Promise<void>;
  /** Ends the alert's silence now. */
  undo(alert: FiringAlert): Promise<void>;
}

/**
 * State of silencing: Perfscope's silences are read once (so a page opened later still shows what is
 * silenced), then each silence and undo updates them.
 */
export function useSilences(api?: SilencesApi): SilencesState {
  const client = useMemo(() => api ?? grafanaSilencesApi(), [api]);
  const [silences, setSilences] = useState<Silence[]>([]);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const user = config.bootData?.user as SilenceUser | undefined;

  useEffect(() => {
    let live = true;
    client.list().then(
      (list) => live && setSilences((now) => [...now, ...list.filter((s) => !now.some((n) => n.id === s.id))]),
      // Without the list, alerts silenced elsewhere just show their actions; silencing still works.
      () => undefined
    );
    return () => {
      live = false;
    };
  }, [client]);

  const track = useCallback(async (alert: FiringAlert, action: 'silence' | 'undo', run: () => Promise<void>) => {
    const key = alertKey(alert);
    setBusy((now) => new Set(now).add(key));
    setErrors((now) => {
      const next = new Map(now);
      next.delete(key);
      return next;
    });
    try {
      await run();
    } catch (e) {
      setErrors((now) => new Map(now).set(key, describeSilenceError(e, action)));
    } finally {
      setBusy((now) => {
        const next = new Set(now);
        next.delete(key);
        return next;
      });
    }
  }, []);

  const silenceOf = useCallback(
    (alert: FiringAlert) => {
      const matchers = silenceMatchers(alert);
      return matchers ? activeSilence(silences, matchers, new Date()) : undefined;
    },
    [silences]
  );

  const silence = useCallback(
    (alert: FiringAlert, choice: SilenceChoice) =>
      track(alert, 'silence', async () => {
        const matchers = silenceMatchers(alert);
        if (!matchers) {
          return;
        }
        const now = new Date();
        const body = silenceRequest(alert, matchers, now, silenceEnd(choice, now), user);
        const id = await client.create(body);
        setSilences((list) => [...list, { ...body, id, status: { state: 'active' } }]);
      }),
    [client, track, user]
  );

  const undo = useCallback(
    async (alert: FiringAlert) => {
      const current = silenceOf(alert);
      if (!current) {
        return;
      }
      const drop = () => setSilences((list) => list.filter((s) => s.id !== current.id));
      await track(alert, 'undo', async () => {
        try {
          await client.expire(current.id);
        } catch (e) {
          // Gone from Grafana already: the alert is not silenced, whatever the message says.
          if ((e as { status?: number })?.status === 404) {
            drop();
          }
          throw e;
        }
        drop();
      });
    },
    [client, silenceOf, track]
  );

  return {
    allowed: canSilence(user),
    silenceOf,
    busy: (alert) => busy.has(alertKey(alert)),
    error: (alert) => errors.get(alertKey(alert)),
    silence,
    undo,
  };
}
