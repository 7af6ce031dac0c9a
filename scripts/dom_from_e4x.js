// Moving between E4X and the DOM: an E4X literal read with the DOM, changed, and sent back
// through E4X; the text way (toXMLString / fromXMLString) and the direct one give the same tree.
var delivery = <delivery internalName="DM42" label="Spring sale">
                 <mailParameters senderName="Shop" subject="Spring &amp; sun"/>
                 <scheduling validityDate="2024-05-01 00:00:00.000Z"/>
               </delivery>;

var doc = DOMDocument.fromXMLString(delivery.toXMLString());
var same = DOMDocument.fromXML(delivery);
logInfo("same tree: " + (doc.root.toXMLString() == same.root.toXMLString()));

var params = doc.root.getFirstElement("mailParameters");
logInfo("subject: " + params.$subject + " / sender: " + doc.root.getValue("mailParameters/@senderName"));
params.$subject = "Summer sale";
doc.root.setValue("scheduling/@validityDate", new Date(Date.UTC(2024, 7, 31)));
doc.root.appendChild({tracking: {enabled: true}});

var updated = new XML(doc.root);          // a copy: later DOM changes do not reach it
params.$subject = "changed after the copy";
logInfo("E4X subject: " + updated.mailParameters.@subject);
logInfo("valid until " + formatDate(updated.scheduling.@validityDate, "%2D %Bl %4Y"));
for each (var child in updated.*)
  logInfo("child <" + child.name() + ">");

xtk.session.Ingest(<sampleTableStg _key="@id" id={updated.@internalName} testcol1={updated.mailParameters.@subject}
                                   testcol2={updated.tracking.@enabled} xtkschema="dem:sampleTableStg"/>);
