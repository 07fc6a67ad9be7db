import { useEffect, useState } from 'react';
import { type FiringAlert, loadFiringAlerts } from './firingAlerts';

/** Perfscope's firing alerts, read every 30 s; undefined until the first answer. */
export function useFiringAlerts(serviceLabel: string | undefined): { alerts?: FiringAlert[]; error?: string } {
  const [alerts, setAlerts] = useState<FiringAlert[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const load = () =>
      loadFiringAlerts(serviceLabel).then(
        (list) => {
          if (live) {
            setAlerts(list);
            setError(undefined);
          }
        },
        () => live && setError('Firing alerts could not be read: check that Grafana alerting is enabled.')
      );
    load();
    const timer = setInterval(load, 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [serviceLabel]);
  return { alerts, error };
}
