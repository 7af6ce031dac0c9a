// A JavaScript activity is a function body: `return` ends it early. Event variables are kept
// as strings, the way Campaign keeps them.
var threshold = 10;
vars.count = 3;                         // stored as "3"
vars.countries = ["FR", "DE"];          // stored as "FR,DE"
instance.vars.lastRun = 20240101;       // stored as "20240101"
logInfo(typeof vars.count, vars.count, vars.countries, instance.vars.lastRun);

function isSmall(n) { return Number(n) < threshold; }

if (isSmall(vars.count)) {
  logInfo("only " + vars.count + " records: nothing to do");
  task.postEvent(task.transitionByName("ok"));
  return;
}

logInfo("not reached");
