#!/usr/bin/env python3
"""Reads the trx files of one `dotnet test` run and prints either a summary or the failed tests.

  trx-report.py counts DIR         -> "passed failed skipped"
  trx-report.py failures DIR       -> each failed test with the first lines of its message (for the log's tail)
  trx-report.py filter DIR         -> a `dotnet test --filter` expression selecting the failed test methods
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def trx_files(folder):
    return sorted(glob.glob(os.path.join(folder, "*.trx")) + glob.glob(os.path.join(folder, "*", "*.trx")))


def failed(folder):
    """(fully qualified method, displayed name, message) of every failed result."""
    out = []
    for path in trx_files(folder):
        root = ET.parse(path).getroot()
        methods = {}
        for test in root.findall(".//t:UnitTest", NS):
            method = test.find("t:TestMethod", NS)
            if method is not None:
                methods[test.get("id")] = method.get("className") + "." + method.get("name")
        for result in root.findall(".//t:UnitTestResult", NS):
            if result.get("outcome") != "Failed":
                continue
            message = result.find("t:Output/t:ErrorInfo/t:Message", NS)
            text = (message.text or "") if message is not None else ""
            out.append((methods.get(result.get("testId"), result.get("testName")), result.get("testName"), text))
    return out


def counts(folder):
    passed = failed_count = skipped = 0
    for path in trx_files(folder):
        counters = ET.parse(path).getroot().find(".//t:Counters", NS)
        if counters is None:
            continue
        total, executed = int(counters.get("total", 0)), int(counters.get("executed", 0))
        passed += int(counters.get("passed", 0))
        failed_count += int(counters.get("failed", 0))
        skipped += total - executed
    return passed, failed_count, skipped


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    if mode == "counts":
        print(*counts(folder))
    elif mode == "failures":
        for _, name, message in failed(folder):
            lines = [l for l in message.strip().splitlines() if l.strip()][:4]
            print(f"  FAILED {name}")
            for line in lines:
                print(f"         {line[:300]}")
    elif mode == "filter":
        methods = sorted({m for m, _, _ in failed(folder)})
        print("|".join(f"FullyQualifiedName~{m}" for m in methods))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
