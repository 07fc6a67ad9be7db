/** A number typed into an option field: empty means "not set"; anything else is kept, even NaN, so the panel can say what is wrong. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}
