/**
 * Template service with Grafana's syntax: `$var`, `${var}`, `${var:format}` and `[[var]]`, scoped
 * variables before dashboard variables, a formatter function or one of Grafana's named formats
 * (glob by default, so multi-value variables become `{a,b}`), `__from` / `__to` from the last
 * time range, and the data macros of data links (`${__value.raw}`, `${__data.fields["span_id"]}`).
 * Unknown variables stay as written.
 */
import type { DataFrame, Field, ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import type { TemplateVariableSpec } from './api';

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

const escapeRegex = (s: string) => s.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

type Value = string | string[];

const FORMATS: Record<string, (value: Value, text: Value) => string> = {
  raw: (v) => String(v),
  glob: (v) => (Array.isArray(v) ? (v.length > 1 ? `{${v.join(',')}}` : (v[0] ?? '')) : v),
  regex: (v) =>
    Array.isArray(v) ? (v.length > 1 ? `(${v.map(escapeRegex).join('|')})` : escapeRegex(v[0] ?? '')) : escapeRegex(v),
  pipe: (v) => (Array.isArray(v) ? v.join('|') : v),
  csv: (v) => (Array.isArray(v) ? v.join(',') : v),
  json: (v) => JSON.stringify(v),
  text: (_v, text) => (Array.isArray(text) ? text.join(' + ') : text),
  queryparam: (v) => (Array.isArray(v) ? v : [v]).map((x) => `var-=${encodeURIComponent(x)}`).join('&'),
  percentencode: (v) => encodeURIComponent(Array.isArray(v) ? `{${v.join(',')}}` : v),
  singlequote: (v) => (Array.isArray(v) ? v : [v]).map((x) => `'${x.replace(/'/g, "\\'")}'`).join(','),
  doublequote: (v) => (Array.isArray(v) ? v : [v]).map((x) => `"${x.replace(/"/g, '\\"')}"`).join(','),
  sqlstring: (v) => (Array.isArray(v) ? v : [v]).map((x) => `'${x.replace(/'/g, "''")}'`).join(','),
};

export class HostTemplateSrv implements TemplateSrv {
  private variables: TemplateVariableSpec[] = [];
  private range?: TimeRange;

  setVariables(variables: TemplateVariableSpec[]): void {
    this.variables = variables;
  }

  getVariables(): TypedVariableModel[] {
    return this.variables.map(
      (v) =>
        ({
          type: 'custom',
          name: v.name,
          id: v.name,
          multi: Array.isArray(v.value),
          current: { value: v.value, text: v.text ?? v.value },
        }) as unknown as TypedVariableModel
    );
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    return Array.from(target.matchAll(VARIABLE)).some((m) => this.lookup(m[1] ?? m[2] ?? m[4]) !== undefined);
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.range = timeRange;
  }

  /**
   * `${__value.raw|text|numeric|time}` and `${__data.fields["name"]}` of a data link, from the link's
   * data context: Grafana's valueMacro and dataMacro (public/app/features/templating/dataMacros.ts,
   * macroRegistry.ts). Undefined when the scoped variables carry no data context.
   */
  private dataMacro(name: string, path: string | undefined, scopedVars?: ScopedVars): { value: unknown } | undefined {
    const context = scopedVars?.__dataContext?.value as
      | { frame: DataFrame; field: Field; rowIndex?: number; calculatedValue?: { numeric: number; text: string } }
      | undefined;
    if (!context || (name !== '__value' && name !== '__data')) {
      return undefined;
    }
    const { frame, field, rowIndex, calculatedValue } = context;
    if (name === '__value') {
      if (calculatedValue) {
        return { value: path === 'raw' || path === 'numeric' ? calculatedValue.numeric : calculatedValue.text };
      }
      if (rowIndex === undefined) {
        return { value: '' };
      }
      if (path === 'time') {
        return { value: frame.fields.find((f) => f.type === 'time')?.values[rowIndex] };
      }
      const raw = field.values[rowIndex];
      return { value: path === 'raw' || !field.display ? raw : field.display(raw).text };
    }
    const fieldName = /^fields(?:\["([^"]+)"\]|\.(\w+))$/.exec(path ?? '');
    if (!fieldName || rowIndex === undefined) {
      return undefined;
    }
    const other = frame.fields.find((f) => f.name === (fieldName[1] ?? fieldName[2]));
    return { value: other?.values[rowIndex] ?? '' };
  }

  private lookup(name: string, scopedVars?: ScopedVars): { value: unknown; text: unknown } | undefined {
    const scoped = scopedVars?.[name];
    if (scoped) {
      return { value: scoped.value, text: scoped.text ?? scoped.value };
    }
    if (this.range && (name === '__from' || name === '__to')) {
      const value = String((name === '__from' ? this.range.from : this.range.to).valueOf());
      return { value, text: value };
    }
    const variable = this.variables.find((v) => v.name === name);
    return variable ? { value: variable.value, text: variable.text ?? variable.value } : undefined;
  }

  replace(
    target?: string,
    scopedVars?: ScopedVars,
    format?: string | Function,
    interpolations?: Parameters<TemplateSrv['replace']>[3]
  ): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(
      VARIABLE,
      (match, v1?: string, v2?: string, f2?: string, v3?: string, path?: string, f3?: string) => {
        const name = (v1 ?? v2 ?? v3)!;
        const macro = this.dataMacro(name, path, scopedVars);
        if (macro) {
          const text = String(macro.value ?? '');
          interpolations?.push({ match, variableName: name, fieldPath: path, value: text, found: true });
          return text;
        }
        const found = this.lookup(name, scopedVars);
        if (!found) {
          interpolations?.push({
            match,
            variableName: name,
            fieldPath: path,
            format: f2 ?? f3,
            value: match,
            found: false,
          });
          return match;
        }
        let value = found.value;
        if (path && value && typeof value === 'object') {
          value = path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key], value);
        }
        const how = f2 ?? f3 ?? format;
        const plain = (x: unknown): Value => (Array.isArray(x) ? x.map(String) : String(x ?? ''));
        let result: string;
        if (typeof how === 'function') {
          result = String(
            how(value, { name, multi: Array.isArray(value) }, (x: Value, f: string) => FORMATS[f]?.(x, x))
          );
        } else {
          result = (FORMATS[how ?? 'glob'] ?? FORMATS.glob)(plain(value), plain(found.text));
        }
        interpolations?.push({
          match,
          variableName: name,
          fieldPath: path,
          format: typeof how === 'string' ? how : undefined,
          value: result,
          found: true,
        });
        return result;
      }
    );
  }
}
