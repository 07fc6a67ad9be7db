/**
 * Shared modules whose packages ship no TypeScript types. The host only hands them to plugins, so
 * they are required untyped here rather than declared globally (a global `declare module` would
 * silently turn every import of them in src/ into `any`).
 */
export const untypedModules: Record<string, object> = {
  d3: require('d3'),
  prismjs: require('prismjs'),
  slate: require('slate'),
  'slate-plain-serializer': require('slate-plain-serializer'),
  // Grafana maps its fork's name to slate-react.
  '@grafana/slate-react': require('slate-react'),
};
