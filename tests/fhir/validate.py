"""Validates FHIR R4 (4.0.1) JSON files with fhir.resources 6.4 (pydantic models of every R4
resource: required elements, cardinality, primitive formats, no unknown element).
Usage: validate.py FILE [FILE ...]. Exit 0 when every file is valid; prints why otherwise."""

import json
import sys

import fhir.resources
from fhir.resources import construct_fhir_element


def main(paths):
    if fhir.resources.__fhir_version__ != "4.0.1":
        print(f"fhir.resources models FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1")
        return 2
    failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        try:
            resource = construct_fhir_element(data["resourceType"], data)
        except Exception as error:  # pydantic's ValidationError lists every problem
            failed += 1
            print(f"{path}: INVALID {data.get('resourceType')}\n{error}")
            continue
        entries = len(getattr(resource, "entry", None) or [])
        print(f"{path}: valid FHIR R4 {resource.resource_type} ({entries} entries)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
