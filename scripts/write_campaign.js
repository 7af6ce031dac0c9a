// xtk.session.Write as Campaign developers write it: no _operation on an autopk schema inserts a
// new record (the id is generated), the key updates it, _key names another key, and a document
// whose operation cannot be decided is refused with an error naming _operation/_key.
// Writes are read back in the same script: a read first sends the buffered writes.
xtk.session.Write(<event code="BOOT" label="Server started" xtkschema="evt:event"/>);
xtk.session.Write({event: {code: "DISK", label: "Disk almost full", severity: 3, xtkschema: "evt:event"}});
xtk.session.Write(<event id="1" label="Server started (cold)" xtkschema="evt:event"/>);
xtk.session.Write(<event _key="@code" code="DISK" severity="5" xtkschema="evt:event"/>);

var coll = <event-collection xtkschema="evt:event">
  <event code="NET1" label="Link down"/>
  <event code="NET2" label="Link up"/>
</event-collection>;
xtk.session.WriteCollection(coll);

for (var id = 1; id <= 4; id++) {
  var e = xtk.session.lookup("evt:event", id);
  logInfo(e.@id + " " + e.@code + " sev=" + e.@severity + " " + e.@label);
}

try {
  xtk.session.Write(<sampleTable testcol1="no key given" xtkschema="dem:sampleTable"/>);
} catch (err) {
  logInfo("refused: " + err.message);
}
xtk.session.Write(<event _key="@code" _operation="delete" code="NET2" xtkschema="evt:event"/>);
logInfo("events left: " + sqlGetInt("SELECT count(*) FROM EvtEvent"));
