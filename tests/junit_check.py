"""Checks a JUnit report (stdin) against an XSD (argv[1]) with the `xmlschema` package, an
implementation that is not ours, and prints its counts as JSON: what the report says
(`tests`, `failures` of the suite and of the root) and what it holds (test cases, cases with a
failure, failure elements). Exit 1 with the schema's complaint when the report is invalid."""
import json
import sys
import xml.etree.ElementTree as ET

try:
    import xmlschema
except ImportError:
    sys.exit("python3 -m pip install xmlschema (the JUnit schema check needs it)")

schema = xmlschema.XMLSchema(sys.argv[1])
text = sys.stdin.read()
errors = [str(e) for e in schema.iter_errors(text)]
if errors:
    print("\n".join(errors))
    sys.exit(1)
root = ET.fromstring(text)
suite = root.find("testsuite")
cases = list(root.iter("testcase"))
print(json.dumps({
    "root": {k: root.get(k) for k in ("tests", "failures", "errors")},
    "suite": {k: suite.get(k) for k in ("tests", "failures", "errors")},
    "cases": len(cases),
    "failing_cases": sum(1 for c in cases if c.find("failure") is not None),
    "failures": sum(len(c.findall("failure")) for c in cases),
    "names": [c.get("name") for c in cases],
    "failure_texts": [f.text for c in cases for f in c.findall("failure")],
}))
