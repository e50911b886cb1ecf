#!/usr/bin/env node
// The `messenger` command. The server is TypeScript run directly by Node 24 (type stripping).
await import('../src/cli.ts');
