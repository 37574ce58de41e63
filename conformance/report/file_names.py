"""The names of the files the report stage writes into a report directory.

Apart from the report code itself, so the runner can name them (to clear a stale one)
without importing Jinja2 and jsonschema for the length of a run.
"""

REPORT_JSON = "report.json"
JUNIT_XML = "junit.xml"
REPORT_HTML = "report.html"
SUMMARY_MD = "summary.md"
EVIDENCE_ZIP = "evidence.zip"
REPORT_FILES = (REPORT_JSON, JUNIT_XML, REPORT_HTML, SUMMARY_MD, EVIDENCE_ZIP)
