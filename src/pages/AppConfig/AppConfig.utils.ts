/** A message a person can act on for a failed settings request. */
export function describeSaveError(error: unknown): string {
  const status = (error as { status?: number })?.status;
  const serverMessage = (error as { data?: { message?: string } })?.data?.message;
  if (status === 401 || status === 403) {
    return 'Saving needs the Admin role in this organisation (or the plugins:write permission). Ask an organisation admin to save these settings.';
  }
  if (status === 404) {
    return 'Grafana does not know the Perfscope app: check that the plugin is installed, then reload the page.';
  }
  if (serverMessage) {
    return `Grafana refused the settings: ${serverMessage}`;
  }
  if (error instanceof Error && error.message) {
    return `The settings could not be saved: ${error.message}`;
  }
  return 'The settings could not be saved. Check your connection to Grafana and try again.';
}
