"""pytest plugin: golden-output tests of workflow scripts (being written; see runtime/golden/)."""
