// application.getSchema: read a schema's fields and enumerations to label coded values, as a
// workflow building a report does.
var schema = application.getSchema("nms:recipient");
logInfo(schema.userDescription + ", table " + schema.root.SQLTable + ", " + schema.root.children.length + " fields");

for each (var attr in schema.root.children) {
  if (attr.enumeration) {
    var values = attr.enumeration.values.map(function (v) { return v.value + "=" + v.label; });
    logInfo(attr.name + " (" + attr.label + "): " + values.join(", ") +
            "; default " + attr.enumeration.default.label);
  }
}

// Decode a value with the enumeration, as a report would.
function label(schemaNode, code) {
  var v = schemaNode.enumeration.findValue(Number(code));
  return v ? v.label : "?";
}
var gender = schema.root.findNode("@gender");
logInfo("code 2 means " + label(gender, "2") + ", code 1 means " + label(gender, 1));

var email = schema.root.findNode("@email");
logInfo(email.label + ": " + email.type + "(" + email.length + "), column " + email.SQLName);

// The schema document, as E4X XML.
var doc = schema.toXML();
logInfo("enumerations in the document: " + doc.enumeration.length() + ", first: " + doc.enumeration[0].@name);

// ... or as a DOMDocument, walked with the DOM API.
var dom = schema.toDocument();
var attrs = dom.root.getElements("element")[0].getElements("attribute");
logInfo("attributes with an enumeration: " + attrs.filter(function (a) { return a.getAttribute("enum"); })
                                                  .map(function (a) { return a.getAttribute("name"); }).join(", "));
