#!/usr/bin/env -S node --max-semi-space-size=8
// The `messenger` command. The server is TypeScript run directly by Node 24 (type stripping). A young
// generation of 8 MB semi-spaces keeps an idle server with 5,000 connections near 250 MB instead of 330 MB
// (bench:idle) without hurting message latency (bench:dm).
await import('../src/cli.ts');
