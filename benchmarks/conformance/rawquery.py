#!/usr/bin/env python3
"""Sends one hand-made DNS message and prints the reply in dig's layout (used by compare.sh).

Usage: rawquery.py HOST PORT udp|tcp HEX
HEX is the whole query message in hex (spaces allowed). The reply's records are printed in
RFC 3597 generic form (owner TTL CLASS TYPE \\# LEN HEX), enough for normalize.py to compare.
No reply within 2 s prints dig's timeout line.
"""
import socket
import struct
import sys

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED",
          6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE", 16: "BADVERS",
          23: "BADCOOKIE"}
OPCODES = {0: "QUERY", 1: "IQUERY", 2: "STATUS", 4: "NOTIFY", 5: "UPDATE", 6: "DSO"}
CLASSES = {1: "IN", 3: "CH", 4: "HS", 254: "NONE", 255: "ANY"}


def name_at(msg, pos):
    labels, jumps, end = [], 0, None
    while True:
        length = msg[pos]
        if length & 0xC0 == 0xC0:
            if end is None:
                end = pos + 2
            pos = ((length & 0x3F) << 8) | msg[pos + 1]
            jumps += 1
            if jumps > 64:
                raise ValueError("compression loop")
            continue
        if length == 0:
            return (".".join(labels) + "."), (end if end is not None else pos + 1)
        labels.append("".join(chr(b) if 0x21 <= b <= 0x7E and b not in (0x2E, 0x5C) else f"\\{b:03d}"
                              for b in msg[pos + 1:pos + 1 + length]))
        pos += length + 1


def exchange(host, port, transport, query):
    if transport == "tcp":
        with socket.create_connection((host, port), timeout=2) as s:
            s.sendall(struct.pack("!H", len(query)) + query)
            head = b""
            while len(head) < 2:
                chunk = s.recv(2 - len(head))
                if not chunk:
                    return None
                head += chunk
            (length,) = struct.unpack("!H", head)
            data = b""
            while len(data) < length:
                chunk = s.recv(length - len(data))
                if not chunk:
                    return None
                data += chunk
            return data
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(query, (host, port))
        return s.recv(65535)


def main():
    host, port, transport, hexq = sys.argv[1], int(sys.argv[2]), sys.argv[3], "".join(sys.argv[4:])
    query = bytes.fromhex(hexq.replace(" ", ""))
    try:
        msg = exchange(host, port, transport, query)
    except (socket.timeout, ConnectionError, OSError):
        msg = None
    if not msg:
        print(";; connection timed out; no servers could be reached")
        return
    if len(msg) < 12:
        print(f";; short reply of {len(msg)} bytes")
        return
    ident, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", msg[:12])
    rcode = flags & 0xF
    opcode = (flags >> 11) & 0xF
    pos = 12
    try:
        for _ in range(qd):
            _, pos = name_at(msg, pos)
            pos += 4
        sections = []
        opt = None
        for count, title in ((an, "ANSWER"), (ns, "AUTHORITY"), (ar, "ADDITIONAL")):
            lines = []
            for _ in range(count):
                owner, pos = name_at(msg, pos)
                rtype, rclass, ttl, rdlen = struct.unpack("!HHIH", msg[pos:pos + 10])
                rdata = msg[pos + 10:pos + 10 + rdlen]
                pos += 10 + rdlen
                if rtype == 41:
                    opt = (rclass, ttl, rdata)
                    continue
                cls = CLASSES.get(rclass, f"CLASS{rclass}")
                lines.append(f"{owner}\t{ttl}\t{cls}\tTYPE{rtype}\t\\# {rdlen} {rdata.hex()}")
            sections.append((title, lines))
    except (IndexError, ValueError, struct.error) as e:
        print(f";; malformed reply: {e}")
        return
    if opt is not None:
        rcode |= (opt[1] >> 24) << 4
    names = [n for bit, n in ((0x0400, "aa"), (0x0200, "tc"), (0x0100, "rd"), (0x0080, "ra"),
                              (0x0020, "ad"), (0x0010, "cd")) if flags & bit]
    print(";; Got answer:")
    print(f";; ->>HEADER<<- opcode: {OPCODES.get(opcode, f'RESERVED{opcode}')}, "
          f"status: {RCODES.get(rcode, f'RCODE{rcode}')}, id: {ident}")
    qr = "qr " if flags & 0x8000 else ""
    print(f";; flags: {qr}{' '.join(names)}; QUERY: {qd}, ANSWER: {an}, AUTHORITY: {ns}, ADDITIONAL: {ar}")
    if opt is not None:
        version = (opt[1] >> 16) & 0xFF
        do = " do" if opt[1] & 0x8000 else ""
        print(";; OPT PSEUDOSECTION:")
        print(f"; EDNS: version: {version}, flags:{do}; udp: {opt[0]}")
        rd, p = opt[2], 0
        while p + 4 <= len(rd):
            code, length = struct.unpack("!HH", rd[p:p + 4])
            if code == 3:
                print(f"; NSID: {rd[p + 4:p + 4 + length].hex()} (\"{rd[p + 4:p + 4 + length].decode(errors='replace')}\")")
            else:
                print(f"; OPTION {code}: {rd[p + 4:p + 4 + length].hex()}")
            p += 4 + length
    for title, lines in sections:
        if lines:
            print()
            print(f";; {title} SECTION:")
            for line in lines:
                print(line)


if __name__ == "__main__":
    main()
