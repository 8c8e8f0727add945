#!/usr/bin/python3
"""libais (Debian python3-ais) over an NMEA log, as a peer of `istmo ais decode`.

Usage: libais_decode.py [--json] FILE

Feeds every line to ais.nmea_queue.NmeaQueue, libais's own reassembler (multi-sentence
messages, tag blocks, USCG suffixes) whose decoding runs in libais's C++ extension (_ais).
This is libais's fastest path that still handles real logs; the deprecated `aisdecode`
command goes through the slower ais.stream module. Prints one JSON object per decoded message
with --json, else the count of decoded messages on stdout.
"""
import json
import logging
import sys

import ais.nmea_queue


def main() -> int:
    args = sys.argv[1:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 64
    logging.disable(logging.CRITICAL)  # libais logs every undecodable message
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
