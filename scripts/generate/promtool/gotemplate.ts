/**
 * The few Go-template functions the alert annotations use, as Prometheus renders them
 * (template/template.go), so the unit tests can state the exact text an alert carries.
 */

/** Go's `%.4g`: 4 significant digits, trailing zeros dropped, exponent form outside 1e-4 … 1e4. */
export function goG4(v: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '+Inf' : '-Inf';
  }
  if (v === 0) {
    return '0';
  }
  const [mantissa, exp] = v.toExponential(3).split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 4) {
    const m = mantissa.replace(/\.?0+$/, '');
    return `${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return v
    .toFixed(Math.max(0, 3 - exponent))
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

export function humanizePercentage(v: number): string {
  return `${goG4(v * 100)}%`;
}

export function humanizeDuration(v: number): string {
  if (Number.isNaN(v) || !Number.isFinite(v)) {
    return goG4(v);
  }
  if (v === 0) {
    return `${goG4(v)}s`;
  }
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const whole = Math.trunc(abs);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    if (days !== 0) {
      return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    }
    if (hours !== 0) {
      return `${sign}${hours}h ${minutes}m ${seconds}s`;
    }
    if (minutes !== 0) {
      return `${sign}${minutes}m ${seconds}s`;
    }
    return `${sign}${goG4(abs)}s`;
  }
  let prefix = '';
  let x = v;
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(x) >= 1) {
      break;
    }
    prefix = p;
    x *= 1000;
  }
  return `${goG4(x)}${prefix}s`;
}

const PIPELINES: ReadonlyArray<[RegExp, (v: number) => string]> = [
  [/\{\{ humanizeDuration \$value \}\}/g, humanizeDuration],
  [/\{\{ humanizePercentage \$value \}\}/g, humanizePercentage],
  [/\{\{ printf "%\.4g" \$value \}\}/g, goG4],
];

/**
 * Renders an annotation for an alert value. Only the pipelines above are known: any other `{{ … }}`
 * is refused, so a new template function cannot slip into the rules untested.
 */
export function renderAnnotation(template: string, value: number, labels: Record<string, string> = {}): string {
  // `{{ with $labels.x }}…{{ . }}…{{ end }}`: the text with the label's value, or nothing without it.
  let text = template.replace(/\{\{ with \$labels\.(\w+) \}\}(.*?)\{\{ end \}\}/g, (_, label: string, body: string) =>
    labels[label] ? body.replace(/\{\{ \. \}\}/g, labels[label]) : ''
  );
  for (const [pattern, fn] of PIPELINES) {
    text = text.replace(pattern, () => fn(value));
  }
  const left = /\{\{.*?\}\}/.exec(text);
  if (left) {
    throw new Error(`Annotation uses ${left[0]}, which the promtool test generator cannot render: "${template}".`);
  }
  return text;
}
