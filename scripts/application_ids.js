// application: the instance, the operator, and ids from a durable sequence.
logInfo("instance " + application.instanceName + ", build " + application.buildNumber);
logInfo("operator " + application.operator.login + " (" + application.operator.id + ")");
var ids = application.getNewIds(3);
logInfo("ids: " + ids.join(", "));
logInfo("next: " + application.getNewIds(1)[0]);
try {
  application.getNewIds(0);
} catch (e) {
  logWarning(e.name + ": " + e.message);
}
