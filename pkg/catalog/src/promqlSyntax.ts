import { parser } from '@prometheus-io/lezer-promql';

/** Where and why a PromQL expression does not parse. Offsets are into the text as typed. */
export interface SyntaxProblem {
  message: string;
  from: number;
  to: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

const VARIABLE = /\$\{[^}]+\}|\[\[[^\]]+\]\]|\$[a-zA-Z_]\w*/g;

/**
 * Template variables are not PromQL: replace each with something of the same length that parses in
 * its place — a duration inside `[…]` or after `offset`, an identifier elsewhere (metric name, label,
 * operand). Inside strings anything goes. Same length keeps error positions true to the text.
 */
export function withPlaceholders(expr: string): string {
  return expr.replace(VARIABLE, (match, offset: number) => {
    const before = expr.slice(0, offset).trimEnd();
    const duration = /[[:]$/.test(before) || /\boffset$/.test(before);
    return duration ? `5m${' '.repeat(match.length - 2)}` : `v${'_'.repeat(match.length - 1)}`;
  });
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Brackets still open at the end of the text (outside strings), innermost last. */
function unclosed(text: string): string[] {
  const open: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (CLOSERS[c]) {
      open.push(CLOSERS[c]);
    } else if (c === open[open.length - 1]) {
      open.pop();
    }
  }
  return open;
}

/** The first syntax error in a PromQL expression, or undefined when it parses. */
export function checkPromQL(expr: string): SyntaxProblem | undefined {
  if (!expr.trim()) {
    return { message: 'Enter a PromQL expression, e.g. sum(rate(http_requests_total[5m])).', ...at(expr, 0, 0) };
  }
  const text = withPlaceholders(expr);
  let error: { from: number; to: number } | undefined;
  parser.parse(text).iterate({
    enter: (node) => {
      if (error) {
        return false;
      }
      if (node.type.isError) {
        error = { from: node.from, to: node.to };
        return false;
      }
      return undefined;
    },
  });
  if (!error) {
    return undefined;
  }
  const { from, to } = error;
  let message: string;
  if (from >= text.trimEnd().length) {
    const missing = unclosed(text);
    message = missing.length
      ? `The expression ends before it is complete: missing "${missing.reverse().join('')}".`
      : 'The expression ends before it is complete: an operator or function needs an operand.';
  } else {
    const token = (to > from ? expr.slice(from, to) : expr.slice(from).match(/^\S+/)?.[0]) ?? '';
    message = `Unexpected "${token.length > 24 ? `${token.slice(0, 24)}…` : token}".`;
  }
  const where = at(expr, from, to);
  return { ...where, message: `Syntax error at line ${where.line}, column ${where.column}: ${message}` };
}

function at(expr: string, from: number, to: number) {
  const lines = expr.slice(0, from).split('\n');
  return { from, to, line: lines.length, column: lines[lines.length - 1].length + 1 };
}
