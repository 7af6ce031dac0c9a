// Fails on purpose: execCommand is refused unless the run allows it (--allow-exec).
var result = execCommand("ls -l");
logInfo(result[1]);
