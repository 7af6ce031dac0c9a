// An "Advanced JavaScript code" activity with two outbound transitions: the script picks one
// from the record count the previous activity put in the event variables.
var count = parseInt(vars.recCount || "0", 10);
logInfo("records in the inbound transition: " + count);
instance.vars.checked = true;
logInfo("instance.vars.checked = " + JSON.stringify(instance.vars.checked));

if (count == 0) {
  task.postEvent(task.transitionByName("noData"));
  return;
}
task.postEvent(task.transitionByName("ok"));
