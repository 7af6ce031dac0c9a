// execCommand(command[, bNoThrow]): a shell command line; only with --allow-exec, within the
// script's remaining time (runtime/host/process.py). Returns [exit code, standard output]; a
// failing command throws unless bNoThrow is true.
(function (global) {
  'use strict';
  const host = global.__host;
  Object.defineProperty(global, 'execCommand', {value: function execCommand(command, noThrow) {
    if (typeof command !== 'string' || command.trim() === '') {
      throw new TypeError('execCommand: expected a command line (a non-empty string), got ' +
        (command === null ? 'null' : typeof command === 'string' ? 'an empty string' : typeof command));
    }
    return host.call('exec.run', [command, noThrow === true]);
  }, writable: true, configurable: true});
})(globalThis);
