#!/usr/bin/env python3
"""Write the libFuzzer seed corpora of test/fuzz/ from the golden transcripts.

at-module: one seed per test/transcripts/*.at script, in the harness's input form: a first
line naming the script's module profile ("@# console: --model=..."; BG95-M3 by default), then
its command lines ending in CR, its "@data" bytes, and 0xFE <n> pauses (n x 100 ms) for
"@sleep" and "@wait" lines; and three seeds of the drivers' general commands. tls-record: both dialects with no mutation, one seed per
operation applied to each of the first records, and one with four connections.

Usage: seed-corpus.py --transcripts test/transcripts --out <dir>
"""

import argparse
import os
import re
import sys


def at_seed(path):
    model = "BG95-M3"
    out = bytearray()
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            m = re.match(r"^@# console: .*--model=(\S+)", line)
            if m:
                model = m.group(1)
            elif line.startswith("@data "):
                data = line[6:]
                for a, b in (("\\x1A", "\x1a"), ("\\x1a", "\x1a"), ("\\r", "\r"), ("\\n", "\n")):
                    data = data.replace(a, b)
                out += data.encode("latin-1", "replace")
            elif line.startswith("@sleep"):
                try:
                    seconds = float(line.split()[1])
                except (IndexError, ValueError):
                    seconds = 1.0
                out += bytes([0xFE, max(1, min(63, int(seconds * 10)))])
            elif line.startswith("@wait"):
                out += bytes([0xFE, 10])
            elif line and not line.startswith("@"):
                out += line.encode("latin-1", "replace") + b"\r"
    return model.encode() + b"\n" + bytes(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    at_dir = os.path.join(args.out, "at-module")
    tls_dir = os.path.join(args.out, "tls-record")
    os.makedirs(at_dir, exist_ok=True)
    os.makedirs(tls_dir, exist_ok=True)
    scripts = sorted(n for n in os.listdir(args.transcripts) if n.endswith(".at"))
    if not scripts:
        sys.exit("seed-corpus.py: no .at scripts in " + args.transcripts)
    for name in scripts:
        with open(os.path.join(at_dir, name[:-3]), "wb") as f:
            f.write(at_seed(os.path.join(args.transcripts, name)))
    # The drivers' general commands (CR LF endings, as they send them), which no transcript
    # has: TinyGSM's BG96 and Zephyr's bg9x bring-up, esp-ml307's.
    pause = bytes([0xFE, 63])
    drivers = {
        "driver-tinygsm-bg96": b"BG95-M3\n" + b"".join(
            c + b"\r\n" for c in (
                b"AT", b"ATE0", b"AT+CMEE=2", b"AT+CGMI", b"AT+CTZR=2", b"AT+CTZU=1",
                b"AT+CPIN?", b"AT+GSN", b"AT+CGSN=1", b"AT+QCCID", b"AT+CIMI", b"AT+CREG=2",
                b"AT+CGREG=4", b"AT+CEREG=5", b"AT+CEREG?", b"AT+CREG?", b"AT+CSQ",
                b"AT+CESQ", b"AT+QCSQ", b"AT+COPS?", b"AT+COPS=3,2", b"AT+QNWINFO",
                b"AT+QSPN", b"AT+QLTS=2", b'AT+CPSMS=1,,,"00100001","00000101"',
                b'AT+CEDRXS=2,4,"0101"', b"AT+QSCLK=1", b"AT+COPS=?")) + pause + b"".join(
            c + b"\r\n" for c in (b"AT+CFUN=1,1",)) + pause + b"AT+QPOWD=1\r\n",
        "driver-zephyr-bg9x": b"BG95-M3\n" + b"".join(
            c + b"\r" for c in (
                b"ATE0", b"ATH", b"AT+CMEE=1", b"AT+CGMI", b"AT+CGMM", b"AT+CGMR", b"AT+CGSN",
                b"AT+CIMI", b"AT+QCCID", b'AT+QICSGP=1,1,"apn","", "",1', b"AT+CSQ",
                b"AT+QIACT=1")),
        "driver-esp-ml307": b"ML307R\n" + b"".join(
            c + b"\r\n" for c in (
                b"AT+CGMR", b"AT+CFUN=4", b"AT+CFUN=1", b"AT+CPIN?", b"AT+CEREG=2",
                b"AT+CEREG?", b"AT+CGSN=1", b"AT+ICCID", b"AT+COPS?", b"AT+CSQ",
                b"AT+MIPCALL?", b"AT+MREBOOT=0")),
    }
    for name, data in drivers.items():
        with open(os.path.join(at_dir, name), "wb") as f:
            f.write(data)
    # Byte 0: dialect; byte 1: connections - 1; then (operation, argument) per server record.
    seeds = {"quectel-pass": b"\x00\x00", "onemo-pass": b"\x01\x00"}
    for dialect in (0, 1):
        for op in range(2, 10):
            for record in range(4):
                seeds["d%d-op%d-record%d" % (dialect, op, record)] = (
                    bytes([dialect, 0]) + b"\x00\x00" * record + bytes([op, 7 + record]))
        # Four connections, the n-th with operation 2 + n on its first record.
        seeds["d%d-four-connections" % dialect] = bytes([dialect, 3]) + b"".join(
            bytes([2 + n, 9]) + b"\x00\x00" * 8 for n in range(4))
    for name, data in seeds.items():
        with open(os.path.join(tls_dir, name), "wb") as f:
            f.write(data)
    print("seed-corpus.py: %d at-module seeds, %d tls-record seeds in %s"
          % (len(scripts) + len(drivers), len(seeds), args.out))


if __name__ == "__main__":
    main()
