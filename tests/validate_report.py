"""Validates midiloop reports against docs/report.schema.json (JSON Schema 2020-12).

Usage: validate_report.py SCHEMA REPORT... ; prints one line per violation, exits 1 if any.
Uses Debian's python3-jsonschema.
"""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker


def main():
    schema = json.load(open(sys.argv[1]))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = []
    for path in sys.argv[2:]:
        with open(path) as f:
            report = json.load(f)
        for error in validator.iter_errors(report):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            problems.append(f"{path}: {where}: {error.message}")
    print("\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
