// Wake up other workflows: an External signal activity with event variables, a start and a
// stop. xtkjs records the commands in the local store (xtk:workflowSignal).
var batch = "B" + vars.batchId;
xtk.workflow.PostEvent("WKF_IMPORT", "signal", "", <variables batch={batch} count="42"/>, false);
NLWS.xtkWorkflow.PostEvent("WKF_EXPORT", "signal1", "ok", "", true);
xtk.workflow.Start("WKF_REPORTING");
NLWS.xtkWorkflow.Stop("WKF_LEGACY");

try {
  xtk.workflow.PostEvent("WKF_IMPORT", "signal", "", <vars/>, false);
} catch (e) {
  logWarning(e.message);
}
task.setCompleted();
