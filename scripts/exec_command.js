// Run commands from a workflow (on-premise style): [exit code, standard output].
var result = execCommand("echo hello from the shell");
logInfo("code " + result[0] + ", output: " + result[1].trim());

// bNoThrow: a failing command returns its code instead of throwing.
var failed = execCommand("sh -c 'echo partial; exit 3'", true);
logInfo("code " + failed[0] + ", output: " + failed[1].trim());

try {
  execCommand("exit 4");
} catch (e) {
  logWarning(e.message);
}
