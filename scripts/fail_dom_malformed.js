// A feed that is not well-formed XML stops the script at the line that parses it.
var feed = "<recipients><recipient email='a@b.com'></recipients>";
logInfo("parsing " + feed.length + " characters");
var doc = DOMDocument.fromXMLString(feed);
logInfo("never reached");
