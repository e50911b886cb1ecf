import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Boundaries of docs/ARCHITECTURE.md as lint rules (STYLE.md habit 6).
const noApps = {
  group: ['@messenger/server', '@messenger/web', '**/apps/**'],
  message: 'shared imports no app.',
};
const noTransport = {
  group: ['fastify', '@fastify/*', 'socket.io', '**/http/**', '**/realtime/**'],
  message: 'services know nothing of Fastify or Socket.IO.',
};
const noDb = {
  group: ['kysely', 'better-sqlite3', 'pg', '**/db/database.ts'],
  message: 'only repositories touch the database.',
};
// Design e2e.md 6.3 point 8: the server holds no code that could decrypt (tests drive real clients with it).
const noClientCrypto = {
  group: ['@messenger/e2e-crypto', '@messenger/e2e-crypto/*', '**/packages/e2e-crypto/**'],
  message: 'the server never imports the client crypto (only its tests may, to act as clients).',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noApps, { group: ['node:*'], message: 'shared runs in the browser too.' }] },
      ],
    },
  },
  {
    // The crypto core runs in a Web Worker: WebCrypto only, no Node API; ts-mls only behind mls/.
    files: ['packages/e2e-crypto/src/**/*.ts'],
    ignores: ['packages/e2e-crypto/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.worker } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noApps,
            { group: ['node:*'], message: 'the crypto core runs in a Web Worker: WebCrypto only.' },
            { group: ['@messenger/*'], message: 'the crypto core depends on no other workspace.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/e2e-crypto/src/**/*.ts'],
    ignores: [
      'packages/e2e-crypto/src/mls/device.ts',
      'packages/e2e-crypto/src/mls/group.ts',
      'packages/e2e-crypto/src/mls/support.ts',
      'packages/e2e-crypto/src/**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noApps,
            { group: ['node:*'], message: 'the crypto core runs in a Web Worker: WebCrypto only.' },
            { group: ['@messenger/*'], message: 'the crypto core depends on no other workspace.' },
            {
              group: ['ts-mls', 'ts-mls/*'],
              message: 'ts-mls stays behind mls/ (decision 0005); mls/types.ts is the interface.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/**/*.ts', 'apps/server/bin/**'],
    ignores: ['apps/server/src/**/*.test.ts', 'apps/server/src/test/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noClientCrypto] }] },
  },
  {
    files: ['apps/server/src/modules/**/*.service.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTransport, noDb, noClientCrypto] }] },
  },
  {
    files: [
      'apps/server/src/modules/**/*.routes.ts',
      'apps/server/src/modules/**/*.socket.ts',
      'apps/server/src/modules/**/*.presenter.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['kysely', 'better-sqlite3', 'pg'], message: 'only repositories touch the database.' },
            noClientCrypto,
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    // The Broadcaster is the one emit point (tests' client sockets emit commands, which is the client's part).
    ignores: [
      'apps/server/src/realtime/broadcaster.ts',
      'apps/server/src/**/*.test.ts',
      'apps/server/src/test/**',
    ],
    rules: {
      // Every way Socket.IO sends: io.emit / socket.emit (also as this.io, deps.socket), a room or exclusion
      // first (io.to(x).emit, io.in(x).emit, socket.to(x).emit, io.to(a).except(b).emit), and the
      // broadcast flags (socket.broadcast.emit, io.sockets.emit, io.local.emit, socket.volatile.emit).
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name='emit'][callee.object.name=/^(io|socket)$/]",
          "CallExpression[callee.property.name='emit'][callee.object.property.name=/^(io|socket)$/]",
          "CallExpression[callee.property.name='emit'][callee.object.callee.property.name=/^(to|in|except)$/]",
          "CallExpression[callee.property.name='emit'][callee.object.property.name=/^(broadcast|sockets|local|volatile)$/]",
        ].map((selector) => ({ selector, message: 'only the realtime broadcaster emits to clients.' })),
      ],
    },
  },
  {
    // The adapter (reached through getExecutor) is how code would ask which database it runs on.
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/db/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          property: 'getExecutor',
          message: 'SQLite/PostgreSQL differences go through db/dialect.ts (dialectOf).',
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@messenger/server', '**/apps/server/**'],
              message: 'the web client talks to the server over HTTP and sockets only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/lib/socket.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['socket.io-client'], message: 'only lib/socket.ts imports socket.io-client.' },
            {
              group: ['@messenger/server', '**/apps/server/**'],
              message: 'the web client talks to the server over HTTP and sockets only.',
            },
          ],
        },
      ],
    },
  },
);
