#!/usr/bin/env node
// The command line runs the TypeScript engine directly through tsx, so the CLI and the add-in share one source.
require('tsx/cjs');
require('../src/cli/main.ts');
