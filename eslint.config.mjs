import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/node_modules/',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/bench-results/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  {
    // @grafana/eslint-config 10 takes react-hooks' `recommended` preset, which lacks this rule of the
    // `recommended-latest` preset that version 9 used: keep enforcing it.
    rules: {
      'react-hooks/void-use-memo': 'error',
    },
  },
  {
    // Tests, the browser host and benchmarks are linted too (the scaffold's `./tests/**/*` glob matches nothing).
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts', 'playwright.config.ts'],
    rules: {
      'react-hooks/rules-of-hooks': 'off',
    },
  },
  {
    // Grafana's plugin review rules for frontend code.
    files: ['src/**/*.{ts,tsx}', 'pkg/*/src/**/*.ts'],
    rules: {
      'no-alert': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'alert', message: 'Use ConfirmModal or Modal from @grafana/ui.' },
        { name: 'confirm', message: 'Use ConfirmModal from @grafana/ui.' },
        { name: 'prompt', message: 'Use Modal from @grafana/ui.' },
        { name: 'location', message: 'Use locationService from @grafana/runtime.' },
        { name: 'console', message: 'No console logging in plugin code: show errors in the UI.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='window'][property.name='location']",
          message: 'Use locationService from @grafana/runtime.',
        },
        {
          selector: 'Literal[value=/\\bgf-form/]',
          message: 'Legacy gf-form classes are not allowed: use @grafana/ui components.',
        },
        {
          selector: 'Literal[value=/\\/api\\/ds\\/query/]',
          message: 'Do not call /api/ds/query directly: go through the datasource.',
        },
      ],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-expect-error': true, 'ts-nocheck': true },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*.css', '*.scss'], message: 'Style through emotion css with useStyles2.' }] },
      ],
    },
  },
]);
