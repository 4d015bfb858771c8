#!/usr/bin/env python3
"""Measures response rate limiting from the outside: floods one name from one address at a target
rate and counts what comes back (full answers, slipped TC replies), while a second client on
another /24 sends a few queries a second and counts its answers. Standard library only.

    rrl_flood.py SERVER PORT [--qps 50000] [--seconds 10] [--name www.example.com]
                 [--attacker 127.0.0.1] [--legit 127.0.1.1] [--legit-qps 5]

Prints one line per client. The server's own counts are in /metrics
(geodns_rate_limited_responses_total).
"""
import argparse
import socket
import struct
import threading
import time


def query(qid, name, qtype=1):
    wire = b"".join(bytes([len(label)]) + label.encode("ascii") for label in name.rstrip(".").split(".")) + b"\x00"
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + wire + struct.pack(">HH", qtype, 1)


def receive(sock, counts, stop):
    sock.settimeout(0.5)
    while not stop.is_set():
        try:
            reply = sock.recv(65535)
        except socket.timeout:
            continue
        flags, ancount = struct.unpack(">H", reply[2:4])[0], struct.unpack(">H", reply[6:8])[0]
        if flags & 0x0200:
            counts["slipped"] += 1
        elif ancount > 0:
            counts["answers"] += 1
        else:
            counts["other"] += 1
        counts["bytes"] += len(reply)


def run(server, port, source, qps, seconds, name):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.bind((source, 0))
    counts = {"sent": 0, "answers": 0, "slipped": 0, "other": 0, "bytes": 0}
    stop = threading.Event()
    receiver = threading.Thread(target=receive, args=(sock, counts, stop))
    receiver.start()
    packets = [query(i, name) for i in range(65536)]
    start = time.monotonic()
    sent = 0
    while True:
        elapsed = time.monotonic() - start
        if elapsed >= seconds:
            break
        due = int(elapsed * qps) + 1
        while sent < due:
            sock.sendto(packets[sent & 0xFFFF], (server, port))
            sent += 1
        if qps < 1000:
            time.sleep(1.0 / qps)
    counts["sent"] = sent
    counts["seconds"] = time.monotonic() - start
    time.sleep(1.0)
    stop.set()
    receiver.join()
    sock.close()
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("port", type=int)
    parser.add_argument("--qps", type=int, default=50000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--name", default="www.example.com")
    parser.add_argument("--attacker", default="127.0.0.1")
    parser.add_argument("--legit", default="127.0.1.1")
    parser.add_argument("--legit-qps", type=int, default=5)
    args = parser.parse_args()
    results = {}
    legit = threading.Thread(target=lambda: results.__setitem__("legit", run(args.server, args.port, args.legit, args.legit_qps, args.seconds, args.name)))
    legit.start()
    results["attack"] = run(args.server, args.port, args.attacker, args.qps, args.seconds, args.name)
    legit.join()
    for who in ("attack", "legit"):
        c = results[who]
        print(f"{who}: sent {c['sent']} in {c['seconds']:.1f} s ({c['sent'] / c['seconds']:.0f} qps), "
              f"full answers {c['answers']} ({c['answers'] / c['seconds']:.1f}/s), slipped {c['slipped']}, other {c['other']}, "
              f"reply bytes {c['bytes']}")


if __name__ == "__main__":
    main()
