// A script that fails on purpose by running too long: its golden sets `timeout: 10`, the
// runtime stops the endless loop after ten seconds and exits with 124. The row staged before
// the loop is kept.
xtk.session.Ingest(<sampleTableStg _key="@id" id="LOOP0001" testcol1="before the loop" xtkschema="dem:sampleTableStg"/>);
logInfo("waiting for a file that never comes");
var polls = 0;
while (true) {
  polls++;
}
