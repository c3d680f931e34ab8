// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The import layers of DESIGN.md, enforced here (and backed by one tsconfig per folder).
 * Each entry: the files it governs, and regexes of import specifiers they must not use. Paths that
 * climb out of a folder are also refused by tsc: each folder's tsconfig includes only itself and
 * references only the projects it may import.
 */
const DB_CLIENTS = '^(@duckdb/|duckdb$|ioredis$|cassandra-driver$)';
const NODE = '^(node:|fs$|path$|os$|crypto$|http$|net$|child_process$|util$|url$)';
// electron itself, and the packages that load it (the updater; electron-log's main-process entry).
const ELECTRON = '^electron($|/|-updater$|-log/main$)';

const layer = (files, banned, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: banned.map(([regex, message]) => ({ regex, message })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  layer(
    ['src-shared/**'],
    [
      [
        '(^|/)src-(main|renderer|preload)(/|$)',
        'src-shared imports nothing of ours outside src-shared',
      ],
      [ELECTRON, 'src-shared is runtime-free: no electron'],
      [NODE, 'src-shared is runtime-free: no Node built-ins'],
      [DB_CLIENTS, 'database clients live under src-main/{store,cache,analytics}'],
      ['^(react|react-dom|leaflet|zustand|ws)($|/)', 'src-shared is runtime-free'],
    ],
  ),
  layer(
    ['src-renderer/**'],
    [
      ['(^|/)src-(main|preload)(/|$)', 'the renderer imports only src-shared'],
      [ELECTRON, 'the renderer never imports electron: it talks to window.gcs or the WebSocket'],
      [NODE, 'the renderer runs in a sandboxed page: no Node built-ins'],
      [DB_CLIENTS, 'database clients live under src-main/{store,cache,analytics}'],
      ['^ws$', 'the renderer uses the browser WebSocket'],
    ],
  ),
  layer(
    ['src-preload/**'],
    [
      ['(^|/)src-(main|renderer)(/|$)', 'the preload imports only src-shared and electron'],
      [NODE, 'a sandboxed preload has no Node built-ins'],
      [DB_CLIENTS, 'database clients live under src-main/{store,cache,analytics}'],
    ],
  ),
  layer(
    ['src-main/**'],
    [
      [
        '(^|/)src-(renderer|preload)(/|$)',
        'the main process never imports renderer or preload code',
      ],
      [
        ELECTRON,
        'only the shell (src-main/index.ts, src-main/shell/) and the Electron host import electron',
      ],
    ],
    ['src-main/index.ts', 'src-main/shell/**', 'src-main/hosts/electronHost.ts'],
  ),
  layer(
    ['src-main/domain/**'],
    [
      [
        '^\\.\\./(store|cache|analytics|services|strategies|simulator|core|hosts)(/|$)',
        'domain/ is pure rules: it imports only src-shared',
      ],
      [ELECTRON, 'domain/ is pure rules'],
      [NODE, 'domain/ is pure rules: no Node built-ins'],
      [DB_CLIENTS, 'domain/ is pure rules: no database clients'],
    ],
  ),
  layer(
    ['src-main/{store,cache,analytics}/**'],
    [
      [
        '^\\.\\./(\\.\\./)?(services|strategies|simulator|core|hosts)(/|$)',
        'ports import only domain and src-shared',
      ],
      [ELECTRON, 'ports never import electron'],
    ],
  ),
  layer(
    ['src-main/{services,strategies,simulator}/**'],
    [
      ['^\\.\\./hosts(/|$)', 'use cases do not know their hosts'],
      [ELECTRON, 'use cases never import electron'],
      [DB_CLIENTS, 'database clients live under src-main/{store,cache,analytics}'],
    ],
  ),
  layer(
    ['src-main/core/**'],
    [
      ['^\\.\\./hosts(/|$)', 'the core does not know its hosts'],
      [ELECTRON, 'the core never imports electron'],
    ],
  ),
);
