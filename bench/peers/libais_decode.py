#!/usr/bin/python3
"""libais (Debian python3-ais) over an NMEA log, as a peer of `istmo ais decode`.

Usage: libais_decode.py [--json] [--direct] FILE

Default: feeds every line to ais.nmea_queue.NmeaQueue, libais's own reassembler
(multi-sentence messages, tag blocks, USCG suffixes) whose decoding runs in libais's C++
extension (_ais). The deprecated `aisdecode` command goes through the slower ais.stream module.

--direct: the thinnest Python around libais's C++ decoder: split each line, check the NMEA
checksum, join fragments by (channel, sequence id), call ais.decode(payload, fill bits).
No tag blocks or timeouts. This is libais's fastest path that still does the work a log needs.

Prints one JSON object per decoded message with --json, else the count of decoded messages.
"""
import json
import logging
import sys

import ais
import ais.nmea_queue


def direct(path: str, as_json: bool) -> int:
    decode = ais.decode
    pending = {}
    count = 0
    out = sys.stdout
    with open(path, encoding="ascii", errors="replace") as f:
        for line in f:
            start = line.find("!")
            if start < 0:
                continue
            star = line.find("*", start)
            if star < 0:
                continue
            sentence = line[start + 1:star]
            checksum = 0
            for c in sentence.encode():
                checksum ^= c
            if line[star + 1:star + 3] != "%02X" % checksum:
                continue
            fields = sentence.split(",")
            if len(fields) != 7 or not fields[6].isdigit():
                continue
            total, number, seq, chan, body = fields[1], fields[2], fields[3], fields[4], fields[5]
            if total != "1":
                key = (chan, seq)
                if number == "1":
                    pending[key] = [body]
                    continue
                parts = pending.get(key)
                if parts is None or len(parts) + 1 != int(number):
                    pending.pop(key, None)
                    continue
                parts.append(body)
                if number != total:
                    continue
                body = "".join(pending.pop(key))
            try:
                msg = decode(body, int(fields[6]))
            except Exception:  # libais raises on every message it cannot decode
                continue
            count += 1
            if as_json:
                out.write(json.dumps(msg, sort_keys=True, default=str) + "\n")
    if not as_json:
        print(count)
    return 0


def main() -> int:
    args = sys.argv[1:]
    as_json = "--json" in args
    use_direct = "--direct" in args
    args = [a for a in args if a not in ("--json", "--direct")]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 64
    logging.disable(logging.CRITICAL)  # libais logs every undecodable message
    if use_direct:
        return direct(args[0], as_json)
    queue = ais.nmea_queue.NmeaQueue()
    count = 0
    out = sys.stdout
    with open(args[0], encoding="ascii", errors="replace") as f:
        for line in f:
            queue.put(line)
            while True:
                msg = queue.GetOrNone()
                if msg is None:
                    break
                decoded = msg.get("decoded")
                if decoded is None:
                    continue
                count += 1
                if as_json:
                    decoded.pop("md5", None)
                    out.write(json.dumps(decoded, sort_keys=True) + "\n")
    if not as_json:
        print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
