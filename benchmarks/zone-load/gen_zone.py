#!/usr/bin/env python3
"""Generate a large, deterministic RFC 1035 zone for load benchmarks.

Usage: gen_zone.py [N] [--origin example.com.] [--out FILE]

Writes N records (default 1,000,000) for the origin (default bench.example.) as plain
RFC 1035 master-file text (no $REGION), so the same file can be fed to GeoDns, Knot's
kzonecheck and NSD's nsd-checkzone. The mix is roughly what a large hosting zone looks
like: hosts with A and AAAA, MX, TXT, CNAME aliases, SRV, and NS delegations with glue.
Output is fully determined by N and the origin (seeded PRNG).
"""
import argparse
import random
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--origin", default="bench.example.")
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    origin = args.origin if args.origin.endswith(".") else args.origin + "."
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="ascii", newline="\n")
    rng = random.Random(20261129)
    write = out.write

    write(f"$ORIGIN {origin}\n$TTL 3600\n")
    write("@ IN SOA ns1 hostmaster ( 2026112901 ; serial\n"
          "                          7200 900 1209600 300 )\n")
    write("@ IN NS ns1\n@ IN NS ns2\nns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\n"
          "@ IN MX 10 mail\nmail IN A 192.0.2.25\n")
    written = 7
    i = 0
    while written < args.count:
        i += 1
        kind = rng.random()
        host = f"h{i}"
        if kind < 0.40:
            write(f"{host} IN A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
            written += 1
        elif kind < 0.55:
            write(f"{host} 300 IN A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n"
                  f"     300 IN AAAA 2001:db8:{(i >> 16) & 0xffff:x}:{i & 0xffff:x}::1\n")
            written += 2
        elif kind < 0.65:
            write(f"www.{host} IN CNAME {host}\n")
            write(f"{host} IN A 172.16.{(i >> 8) & 255}.{i & 255}\n")
            written += 2
        elif kind < 0.75:
            write(f"{host} IN MX {rng.randint(0, 50)} mx{rng.randint(1, 9)}.{host}\n"
                  f"mx1.{host} IN A 198.51.{(i >> 8) & 255}.{i & 255}\n")
            written += 2
        elif kind < 0.85:
            token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
            write(f'{host} IN TXT "v=spf1 ip4:10.{i & 255}.0.0/16 -all" "id={token}"\n')
            written += 1
        elif kind < 0.93:
            write(f"_sip._tcp.{host} IN SRV {rng.randint(0, 20)} {rng.randint(0, 100)} 5060 sip.{host}\n"
                  f"sip.{host} IN A 203.0.{(i >> 8) & 255}.{i & 255}\n")
            written += 2
        else:
            # Delegation with in-bailiwick glue.
            write(f"sub{i} IN NS ns1.sub{i}\nsub{i} IN NS ns2.sub{i}\n"
                  f"ns1.sub{i} IN A 192.0.{(i >> 8) & 255}.{i & 255}\n"
                  f"ns2.sub{i} IN AAAA 2001:db8:ffff:{i & 0xffff:x}::53\n")
            written += 4
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
