#!/usr/bin/env python3
"""Normalizes dig/kdig text output and prints the differences between servers (used by compare.sh).

Usage: normalize.py OUTDIR COUNT SHOW SERVER...
OUTDIR holds N.label, N.args and N.SERVER (the dig output) for N in 1..COUNT.
"""
import re
import sys

SECTIONS = {"ANSWER": "an", "AUTHORITY": "ns", "ADDITIONAL": "ar"}
FIELDS = ["rcode", "flags", "counts", "an", "ns", "ar", "edns", "udp"]


def normalize(text):
    """Returns a dict field -> string for one dig (or kdig) response."""
    r = {f: "" for f in FIELDS}
    if "server process exited" in text:
        r["rcode"] = "SERVER-EXITED"
        return r
    if "connection timed out" in text or "no servers could be reached" in text:
        r["rcode"] = "TIMEOUT"
        return r
    m = re.search(r"->>HEADER<<- opcode: \w+[,;] status: (\w+)", text)
    if m:
        r["rcode"] = m.group(1)
    elif re.search(r"server replied with error '(\w+)'", text):
        # kdig on a refused transfer: ";; ERROR: server replied with error 'REFUSED'"
        r["rcode"] = re.search(r"server replied with error '(\w+)'", text).group(1)
    elif "Transfer failed" in text or "ERROR" in text:
        r["rcode"] = "XFR-FAIL"
    else:
        r["rcode"] = "NO-ANSWER"
    m = re.search(r";; [Ff]lags: ([a-z ]*)[;]", text)
    if m:
        flags = sorted(f for f in m.group(1).split() if f in ("aa", "tc", "ra", "ad", "cd"))
        r["flags"] = " ".join(flags) or "-"
    m = re.search(r"QUERY: (\d+), ANSWER: (\d+), AUTHORITY: (\d+), ADDITIONAL: (\d+)", text)
    if m:
        r["counts"] = "/".join(m.groups())
    m = re.search(r"; EDNS: version: (\d+), flags: ?([a-z ]*); udp: (\d+)", text)
    if m:
        edns = "v" + m.group(1) + ((" " + m.group(2).strip()) if m.group(2).strip() else "")
        n = re.search(r"; NSID: .*\(\"?([^)\"]*)\"?\)", text)
        if n:
            edns += " nsid=" + n.group(1)
        r["edns"] = edns
        r["udp"] = m.group(3)
    else:
        r["edns"] = "none"
    section = None
    records = {"an": [], "ns": [], "ar": []}
    for line in text.splitlines():
        m = re.match(r";; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:", line)
        if m:
            section = SECTIONS[m.group(1)]
            continue
        if not line.strip():
            continue
        if line.startswith(";"):
            if line.startswith(";;") or line.startswith("; "):
                # a comment line ends nothing, but a new section header or pseudosection may follow
                if "PSEUDOSECTION" in line or "QUESTION SECTION" in line:
                    section = None
            continue
        if section is None:
            continue
        parts = line.split()
        if len(parts) < 4:
            continue
        # owner TTL CLASS TYPE RDATA...: keep the owner's case (0x20), collapse whitespace
        owner, ttl, cls, typ = parts[0], parts[1], parts[2], parts[3]
        rdata = " ".join(parts[4:])
        records[section].append(f"{owner} {ttl} {cls} {typ} {rdata}")
    for s in records:
        r[s] = "; ".join(sorted(records[s])) if records[s] else "-"
    return r


def main():
    outdir, count, show = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    servers = sys.argv[4:]
    diffs = 0
    udp_notes = []
    rows = []
    for i in range(1, count + 1):
        label = open(f"{outdir}/{i}.label").read().strip()
        args = open(f"{outdir}/{i}.args").read().strip()
        if len(args) > 80:
            args = args[:77] + "..."  # long hex messages: the label says what they are
        res = {}
        for s in servers:
            try:
                res[s] = normalize(open(f"{outdir}/{i}.{s}", errors="replace").read())
            except FileNotFoundError:
                res[s] = {f: "missing" for f in FIELDS}
        differing = [f for f in FIELDS if f != "udp" and len({res[s][f] for s in servers}) > 1]
        if len({res[s]["udp"] for s in servers}) > 1:
            udp_notes.append((label, {s: res[s]["udp"] for s in servers}))
        if differing:
            diffs += 1
        if differing or show:
            rows.append((label, args, differing or ["(same)"], res))
    print()
    print(f"## Differences ({diffs} of {count} queries differ; servers: {', '.join(servers)})")
    print()
    print("| query | dig args | field | " + " | ".join(servers) + " |")
    print("|---|---|---|" + "---|" * len(servers))
    for label, args, fields, res in rows:
        for f in fields:
            if f == "(same)":
                for g in FIELDS:
                    print(f"| {label} | `{args}` | {g} | " + " | ".join(cell(res[s][g]) for s in servers) + " |")
                continue
            print(f"| {label} | `{args}` | {f} | " + " | ".join(cell(res[s][f]) for s in servers) + " |")
    print()
    print("## Summary (which server stands apart on each differing query)")
    print()
    print("| query | differing fields | odd one out |")
    print("|---|---|---|")
    for label, args, fields, res in rows:
        if fields == ["(same)"]:
            continue
        print(f"| {label} | {' '.join(fields)} | {odd_one_out(servers, res, fields)} |")
    if udp_notes:
        print()
        print("EDNS UDP payload size advertised (differences only):")
        for label, sizes in udp_notes:
            print(f"  {label}: " + ", ".join(f"{s}={v or '-'}" for s, v in sizes.items()))
    print()


def odd_one_out(servers, res, fields):
    """The server whose response differs while all others agree, or 'all differ'."""
    for s in servers:
        others = [o for o in servers if o != s]
        if all(len({res[o][f] for o in others}) == 1 and res[s][f] != res[others[0]][f] for f in fields):
            return s
    return "mixed"


def cell(value):
    return value.replace("|", "\\|") if value else "-"


if __name__ == "__main__":
    main()
