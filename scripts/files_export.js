// Files: read an input file line by line, stage its rows, write an export, read it back.
// Paths are relative to the files root (--files); nothing outside it can be reached.
var input = new File("in/customers.csv");
logInfo(input.name + " exists: " + input.exists + ", " + input.size + " bytes");
input.open("r");
var header = input.readln();
var line, n = 0;
while ((line = input.readln()) != null) {
  var cols = line.split(";");
  xtk.session.Ingest(<sampleTableStg xtkschema="dem:sampleTableStg" id={cols[0]} testcol1={cols[1]}/>);
  n++;
}
input.close();
logInfo("header " + header + ", " + n + " rows");

var out = new File("out/export.txt");
new File("out").mkdir();
out.open("w");
out.writeln("# export");
for each (var rec in sqlSelect("rec,@id:string,@label:string",
                               "SELECT sId, sTestcol1 FROM DemSampleTableStg ORDER BY sId").rec)
  out.writeln(rec.@id + "=" + rec.@label);
out.close();
saveFile("done\n", "out/status.txt");
logInfo(loadFile("out/export.txt"));
logInfo("status: " + loadFile("out/status.txt").trim());

var reread = new File("out/export.txt");
reread.open();
var lines = [];
for each (var l in reread) lines.push(l);
reread.close();
logInfo(lines.length + " lines read back");

try {
  loadFile("../secrets.txt");
} catch (e) {
  logWarning(e.message);
}
