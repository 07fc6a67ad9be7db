import React from 'react';
import { Badge, Button, Dropdown, Menu, Text } from '@grafana/ui';
import type { FiringAlert } from './firingAlerts';
import { type SilenceChoice, choiceLabel, formatUntil, silenceMatchers } from './silences';
import type { SilencesState } from './useSilences';

interface Props {
  alert: FiringAlert;
  /** The page's silences (useSilences). */
  silences: SilencesState;
}

const LATER: SilenceChoice[] = ['4h', 'tomorrow'];

/**
 * Beside a firing alert: "Silence 1 h" and "Silence until…" (4 h, tomorrow 09:00), or, once it is
 * silenced, until when and "Undo"; and why the last action failed.
 */
export function SilenceActions({ alert, silences }: Props) {
  if (!silences.allowed || !silenceMatchers(alert)) {
    return null;
  }
  const now = new Date();
  const active = silences.silenceOf(alert);
  const busy = silences.busy(alert);
  const error = silences.error(alert);
  return (
    <>
      {active ? (
        <>
          <Badge icon="bell-slash" color="blue" text={`Silenced until ${formatUntil(new Date(active.endsAt), now)}`} />
          <Button size="sm" variant="secondary" fill="outline" disabled={busy} onClick={() => silences.undo(alert)}>
            Undo
          </Button>
        </>
      ) : (
        <>
          <Button
            size="sm"
            variant="secondary"
            icon="bell-slash"
            disabled={busy}
            onClick={() => silences.silence(alert, '1h')}
          >
            Silence 1 h
          </Button>
          <Dropdown
            overlay={
              <Menu>
                {LATER.map((choice) => (
                  <Menu.Item
                    key={choice}
                    label={choiceLabel(choice, now)}
                    onClick={() => silences.silence(alert, choice)}
                  />
                ))}
              </Menu>
            }
          >
            <Button size="sm" variant="secondary" fill="outline" icon="angle-down" disabled={busy}>
              Silence until…
            </Button>
          </Dropdown>
        </>
      )}
      {error && (
        <Text color="error" variant="bodySmall">
          {error}
        </Text>
      )}
    </>
  );
}
