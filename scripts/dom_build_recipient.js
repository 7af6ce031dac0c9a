// Build a record with Campaign's DOM API (the "Using XML" way, instead of E4X), write it, and
// keep a JXON copy for a log line: the pattern of a JavaScript activity feeding a table.
var runDate = getCurrentDate();
logInfo("Run of " + formatDate(runDate, "%2D/%2M/%4Y %2H:%2N") + " by " + application.operator.login);

var doc = new DOMDocument("sampleTable");
var root = doc.root;
root.setAttribute("xtkschema", "dem:sampleTable");
root.setAttribute("_operation", "insertOrUpdate");
root.setAttribute("_key", "@id");
root.$id = "CUST-0042";
root.$testcol1 = "John Doe";
// $name takes strings, numbers, booleans and dates, stored as text the Campaign way.
root.$testcol2 = runDate;
xtk.session.Write(doc);
logInfo("written: " + root.toXMLString());

// JXON round trip: the same record as a plain object, and back.
var jxon = doc.toJXON();
logInfo("jxon: " + JSON.stringify(jxon));
jxon.sampleTable.id = "CUST-0043";
jxon.sampleTable.testcol1 = "Jane Doe";
xtk.session.Write(jxon);   // APIs take JXON directly, no DOMDocument needed

var back = DOMDocument.fromJXON(jxon);
logInfo("rebuilt: " + back.root.toXMLString(true));

// Reading it back: E4X from the store, DOM for the walk.
var stored = DOMDocument.fromXMLString(xtk.session.lookup("dem:sampleTable", "CUST-0043").toXMLString());
logInfo("stored name: " + stored.root.$testcol1 + ", written at " +
        formatDate(parseTimeStamp(stored.root.$testcol2), "%4Y-%2M-%2D %2H:%2N:%2S"));
