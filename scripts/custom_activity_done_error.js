// A Campaign v8 custom activity's call function: it ends on its main transition when the work
// succeeds and on its "error" transition (when the activity has one enabled) when it fails.
// The work here fails on purpose: the previous activity sent an empty list of orders.
function orderActivity_call() {
  try {
    var orders = JSON.parse(vars.orders || "[]");
    if (!orders.length) throw new Error("no orders to post");
    logInfo("posting " + orders.length + " orders");
    task.postEvent(task.doneTransition());
    task.setCompleted();
    return 0;
  } catch (e) {
    if (activity.transitions.error.enabled === true) {
      logWarning("order activity failed: " + e.message);
      task.postEvent(task.errorTransition());
    } else {
      logError("order activity failed: " + e.message);
    }
    task.setCompleted();
    return 0;
  }
}
logInfo("main transition: " + task.doneTransition().name);
return orderActivity_call();
