import React from 'react';
import { Button, Checkbox, Field, FieldValidationMessage, Input, Stack, Text } from '@grafana/ui';
import { DAY_SHORT, WEEKDAYS, type WindowForm, windowName } from './quietHours';
import type { QuietHoursPageState } from './useQuietHours';

interface Props {
  /** The windows' state, held by the section (useQuietHours). */
  state: QuietHoursPageState;
}

/**
 * The window being typed: a name, days of the week, times of day, a zone, and dates or days of the
 * month. Every field keeps what was typed; a wrong one says what is wrong under it.
 */
export function QuietHoursForm({ state }: Props) {
  const { form, formErrors, setForm, addWindow, busy } = state;
  const text = (field: Exclude<keyof WindowForm, 'weekdays'>, label: string, placeholder: string, width: number) => {
    const id = `perfscope-window-${field}`;
    return (
      <Field label={label} invalid={Boolean(formErrors[field])} error={formErrors[field]}>
        <Input
          id={id}
          width={width}
          value={form[field]}
          placeholder={placeholder}
          invalid={Boolean(formErrors[field])}
          onChange={(e) => setForm({ [field]: e.currentTarget.value })}
        />
      </Field>
    );
  };
  const name = windowName(form.name);
  const toggleDay = (day: (typeof WEEKDAYS)[number], on: boolean) =>
    setForm({ weekdays: on ? [...form.weekdays, day] : form.weekdays.filter((d) => d !== day) });

  return (
    <Stack direction="column" gap={0}>
      <Text element="h5">Add or change a window</Text>
      <Field
        label="Name"
        description={name ? `Grafana keeps it as ${name}; a window of the same name is replaced.` : undefined}
        invalid={Boolean(formErrors.name)}
        error={formErrors.name}
      >
        <Input
          id="perfscope-window-name"
          width={40}
          value={form.name}
          placeholder="Weekly deploy"
          invalid={Boolean(formErrors.name)}
          onChange={(e) => setForm({ name: e.currentTarget.value })}
        />
      </Field>
      <Field label="Days of the week" description="None ticked: every day.">
        <div role="group" aria-label="Days of the week">
          <Stack gap={2}>
            {WEEKDAYS.map((day) => (
              <Checkbox
                key={day}
                label={DAY_SHORT[day]}
                value={form.weekdays.includes(day)}
                onChange={(e) => toggleDay(day, e.currentTarget.checked)}
              />
            ))}
          </Stack>
        </div>
      </Field>
      <Stack gap={2} wrap="wrap">
        {text('from', 'From', '02:00', 12)}
        {text('to', 'To', '04:00', 12)}
        {text('timeZone', 'Time zone', 'UTC, or e.g. Europe/Berlin', 30)}
      </Stack>
      <Stack gap={2} wrap="wrap">
        {text('firstDay', 'First day', '2026-12-24', 16)}
        {text('lastDay', 'Last day', '2026-12-26', 16)}
        {text('daysOfMonth', 'Days of the month', '1:7, -1', 20)}
      </Stack>
      <Text color="secondary" variant="bodySmall">
        A window mutes from its start time up to its end time, in its time zone (no times: the whole day). Dates and
        days of the month are optional: a first day alone is a one-day window, and -1 is the last day of a month.
      </Text>
      {formErrors.window && <FieldValidationMessage>{formErrors.window}</FieldValidationMessage>}
      <div>
        <Button variant="secondary" icon="plus" disabled={busy} onClick={addWindow}>
          Add window
        </Button>
      </div>
    </Stack>
  );
}
