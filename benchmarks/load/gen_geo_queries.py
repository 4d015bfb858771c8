#!/usr/bin/env python3
"""Writes the geo query mix for run.sh --mix geo, in dnsperf -B format (each message preceded by
its 2-byte length, as on a TCP stream). Standard library only; deterministic (fixed seed).

    gen_geo_queries.py OUT [COUNT]

Every query is "www.example.com A" with EDNS (payload 1232) and, for 90% of them, an EDNS Client
Subnet option (RFC 7871) for a random /24 (IPv4, 80%) or /56 (IPv6, 20%) inside one of the load
test's client networks: 10.1.0.0/16 + 2001:db8:1::/48 (eu-west), 10.2.0.0/16 + 2001:db8:2::/48
(us-east), 10.3.0.0/16 + 2001:db8:3::/48 (ap-south), 10.99.0.0/16 + 2001:db8:99::/48 (no rule:
default order). Shares: eu 30%, us 30%, ap 25%, no rule 5%, no ECS 10%.
"""
import ipaddress
import random
import struct
import sys

NETWORKS = [
    (0.30, "10.1.0.0/16", "2001:db8:1::/48"),
    (0.30, "10.2.0.0/16", "2001:db8:2::/48"),
    (0.25, "10.3.0.0/16", "2001:db8:3::/48"),
    (0.05, "10.99.0.0/16", "2001:db8:99::/48"),
]


def wire_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def client_subnet(rng, v4, v6):
    if rng.random() < 0.8:
        base = ipaddress.IPv4Network(v4)
        offset = rng.randrange(base.num_addresses // 256) * 256
        return ipaddress.IPv4Network((int(base.network_address) + offset, 24))
    base = ipaddress.IPv6Network(v6)
    offset = rng.randrange(1 << (56 - base.prefixlen)) << (128 - 56)
    return ipaddress.IPv6Network((int(base.network_address) + offset, 56))


def message(subnet):
    # ID 0 (dnsperf sets its own), no flags (a resolver asking an authoritative server), 1 question, 1 additional.
    header = struct.pack("!6H", 0, 0, 1, 0, 0, 1)
    question = wire_name("www.example.com") + struct.pack("!HH", 1, 1)
    options = b""
    if subnet is not None:
        family = 1 if subnet.version == 4 else 2
        address = subnet.network_address.packed[: (subnet.prefixlen + 7) // 8]
        body = struct.pack("!HBB", family, subnet.prefixlen, 0) + address
        options = struct.pack("!HH", 8, len(body)) + body
    opt = b"\x00" + struct.pack("!HHIH", 41, 1232, 0, len(options)) + options
    return header + question + opt


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(20261129)
    with open(out, "wb") as f:
        for _ in range(count):
            pick = rng.random()
            subnet = None
            for share, v4, v6 in NETWORKS:
                if pick < share:
                    subnet = client_subnet(rng, v4, v6)
                    break
                pick -= share
            data = message(subnet)
            f.write(struct.pack("!H", len(data)) + data)


if __name__ == "__main__":
    main()
