/**
 * Which service's levels a Perfscope panel judges by: its `service` option after the dashboard's
 * variables are replaced (`$service` follows the service picker). A service with levels of its own
 * in the app settings (`services`) is judged by them; several services, All, or none keep the
 * settings' levels, because one set of colours cannot hold two services' levels.
 */

/** Text that names more than one service once replaced: a regex, a list, Grafana's All, a variable left over. */
const NOT_ONE = /[\s{},|*+?()[\]^\\$]/;

/** The one service the option names, or undefined. */
export function panelService(
  option: string | undefined,
  replaceVariables: (text: string) => string
): string | undefined {
  const text = option?.trim();
  if (!text) {
    return undefined;
  }
  // Grafana's default interpolation of a multi-value variable is `{a,b}`; All is every value.
  const replaced = replaceVariables(text).trim();
  return replaced === '' || NOT_ONE.test(replaced) ? undefined : replaced;
}

/** The option's editor text, the same in both panels. */
export const SERVICE_OPTION = {
  path: 'service',
  name: 'Service levels',
  description:
    "Judge by this service's own levels where the app settings give it some. $service follows the dashboard's picker when it selects one service; several services, All or empty use the settings' levels.",
  settings: { placeholder: 'e.g. $service or checkout' },
} as const;
