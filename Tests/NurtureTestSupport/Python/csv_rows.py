"""Reads a CSV file with Python's csv module and prints its rows as one JSON array of arrays."""
import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    print(json.dumps(list(csv.reader(handle))))
