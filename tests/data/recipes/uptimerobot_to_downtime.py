#!/usr/bin/env python3
"""UptimeRobot's logs export (one row per event) -> a downtime log that livret reads.

The export holds events (Down, Up, Paused, Started), each with its start and its length in
whole minutes, not the checks themselves: each Down event becomes one interruption row,
`start,end,kind,description`, kind `unplanned` (the monitor does not know what was
planned). A Down event that is the monitor's latest event is still going: its end is left
empty. Time the monitor did not watch (from a Paused event to the next event) cannot be
written in a downtime log, whose silence means "available": it is listed on stderr.

    python3 uptimerobot_to_downtime.py uptimerobot_logs.csv --tz Europe/Paris > uptimerobot_downtime.csv
"""
import argparse
import csv
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

parser = argparse.ArgumentParser()
parser.add_argument("logs", help="the CSV file UptimeRobot exported")
parser.add_argument("--tz", default="Europe/Paris", help="time zone of Date-Time (the account's)")
parser.add_argument("--monitor", help="keep only this Monitor (the export may hold several)")
parser.add_argument("--date-format", default="%Y-%m-%d %H:%M:%S", help="format of Date-Time")
args = parser.parse_args()
zone = ZoneInfo(args.tz)

with open(args.logs, newline="", encoding="utf-8-sig") as f:
    rows = [r for r in csv.DictReader(f) if not args.monitor or r["Monitor"] == args.monitor]
for r in rows:
    # A local time that occurs twice (the autumn night) is read as the earlier one, as livret does.
    r["at"] = datetime.strptime(r["Date-Time"].strip(), args.date_format).replace(tzinfo=zone)
    r["minutes"] = int(float(r["Duration (in mins.)"] or 0))
rows.sort(key=lambda r: r["at"])

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["start", "end", "kind", "description"])
for i, r in enumerate(rows):
    event = r["Event"].strip().lower()
    start = r["at"]
    # Durations are whole minutes: an end is start + minutes, exact to the minute only.
    end = start + timedelta(minutes=r["minutes"])
    latest = i == len(rows) - 1
    if event == "down":
        out.writerow([start.isoformat(), "" if latest else end.isoformat(), "unplanned", r["Reason"].strip()])
    elif event == "paused":
        until = "(still paused)" if latest else rows[i + 1]["at"].isoformat()
        print(f"not watched: {start.isoformat()} -> {until} (paused)", file=sys.stderr)
if rows:
    print(f"not watched: everything before {rows[0]['at'].isoformat()} (the first event)", file=sys.stderr)
