#!/usr/bin/env node
// The command line runs the TypeScript engine directly through tsx, so the CLI and the add-in share one source.
// V8 sizes its young generation only when a process starts: the command line starts itself again once with the flags
// of src/cli/node-flags.json (why: src/cli/heap.ts).
const NODE_FLAGS = require('../src/cli/node-flags.json');

// The .xlsx writer needs zlib.crc32 (Node 20.15): say so plainly rather than fail half way through a report.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 15)) {
  process.stderr.write(`csp-billing needs Node.js 20.15 or later; this is Node.js ${process.versions.node}.\n`);
  process.exit(1);
}

if (NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  require('tsx/cjs');
  // The threads that will read a large file's parts start loading now, beside the engine here.
  require('../src/cli/part-workers.ts').prepareReportWorkers(process.argv.slice(2));
  require('../src/cli/main.ts');
} else {
  const { spawn } = require('node:child_process');
  const { constants } = require('node:os');
  const child = spawn(process.execPath, [...process.execArgv, ...NODE_FLAGS, __filename, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  // A stop sent to this process alone (a scheduler, a CI cancel, a task manager) stops the run too: the run then
  // discards what it was writing, rather than writing it after this process has gone.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  // This process killed outright (SIGKILL cannot be passed on) closes the channel, and the run stops then too.
  child.on('error', (error) => {
    process.stderr.write(`csp-billing could not start: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
  });
}
