// Workflow context: event variables (the golden's `var:` lines), the instance, the operator,
// the frozen clock of deterministic mode, and a value that varies on every run, hidden by the
// golden's normalize pattern.
logInfo("country: " + vars.country + ", segment: " + vars.segment);
logInfo("instance " + instance.internalName + " (" + instance.label + ") run by " + application.operator.login);
var now = new Date();
logInfo("now: " + now.toISOString());
var deadline = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
logInfo("deadline: " + deadline.toISOString().substring(0, 10));
logInfo("random draw: " + Math.random());
instance.vars.lastRun = now.toISOString();
xtk.session.Ingest(<sampleTableStg _key="@id" id={"RUN-" + vars.country} testcol1={instance.vars.lastRun}
                                   testcol2={vars.segment} xtkschema="dem:sampleTableStg"/>);
logVerbose("verbose lines are shown: the golden sets verbose: true");
