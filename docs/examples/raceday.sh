#!/usr/bin/env bash
# A whole race day with the command line alone — while a desk has the
# database open. Every command runs inside the desk that holds the file
# (its screen follows along, as if a volunteer had typed it); with no desk
# open, the commands open the file themselves. Same output either way.
#
#   racedesk demo --db raceday.db --runners 0 --phones 3
#   racedesk --db raceday.db --desk "Desk 1"     # the desk, in another terminal
#   docs/examples/raceday.sh raceday.db
#
# RACEDESK names the binary (default: racedesk on the PATH); OUT is where
# the exports and print files go (default: a new temporary directory).
# Any refused command stops the script (exit 1), naming what was wrong.
set -euo pipefail

db=${1:?usage: raceday.sh DB}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$(mktemp -d)}
rd() { "${RACEDESK:-racedesk}" --db "$db" --lang en "$@"; }
# field KEY: a top-level value of the JSON on stdin (the output is
# indented, one key per line, so no JSON tool is needed).
field() { sed -n "s/^  \"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1; }
step() { printf '\n== %s\n' "$*"; }

step "06:30 the online registrations"
rd import "$here/anmeldungen-online.csv"

step "08:00 check-in: runners show the confirmation mail (registration ID)"
for reg in WR26-1001 WR26-1002 WR26-1003; do
  id=$(rd find "$reg" --limit 1 --json | sed -n 's/^    "id": "\(.*\)",$/\1/p' | head -n 1)
  rd checkin --id "$id"
done

step "08:10 a runner who had not paid pays cash with the check-in (one change)"
unpaid=$(rd find WR26-1000 --limit 1 --json | sed -n 's/^    "id": "\(.*\)",$/\1/p' | head -n 1)
rd checkin --id "$unpaid" --pay cash

step "08:20 walk-ins: late registration, paid, checked in"
bib1=$(rd register --race 10k --first Jörg --last Brandt --born 12.3.1985 --gender m --club "TSV Buchau" --json | field bib)
rd pay --bib "$bib1" --method card
rd checkin --bib "$bib1"
bib2=$(rd register --race 5k --first Zoë --last Dvořák --born 1.2.1994 --gender w --json | field bib)
rd pay --bib "$bib2" --method cash
rd checkin --bib "$bib2"

step "08:30 a wrong birth date typed in the rush, corrected; the runner's history"
rd edit --bib "$bib2" --born 1.2.1993
rd history --bib "$bib2"

step "08:40 phone registrations confirmed by the code the runner shows"
for code in $(rd list --json | sed -n 's/^    "code": "\(.*\)",$/\1/p' | head -n 3); do
  rd checkin --code "$code" --pay card
done

step "09:45 start lists to the printer (here: files)"
rd print startlist --race 10k --to "$out/startlist-10k.bin"
rd export startlist --race 5k -o "$out/startlist-5k.csv"

step "10:00 the starts"
rd start --race 10k --time 10:00:00
rd start --race 5k --time 10:05:00

step "10:25 finishes"
f5=$(rd finish --bib "$bib2" --time 10:29:41.3 --json | field id)
f1=$(rd finish --bib "$bib1" --time 10:41:07.8 --json | field id)
wrong=$(rd finish --bib 999 --time 10:42:10.0 --json | field id)
rd finish --bib 1 --time 10:43:02.1
double=$(rd finish --bib 1 --time 10:43:02.9 --json | field id)

step "10:50 corrections: a misread bib, a wrong time, a double, a missed finisher"
rd timing list
rd timing bib --id "$wrong" --bib 2
rd timing time --id "$f1" --time 10:41:06.8
rd timing void --id "$double"
rd timing insert --bib 3 --time 10:44:30 --race 10k
rd timing void --id "$f5"
rd timing undo   # the void of the 5k finish was a slip: it counts again
rd finish --bib 6 --status dnf
rd finish --bib 5 --status dsq --reason "shortened the course"

step "11:30 results"
rd results --race 10k
rd results --race 5k
rd export results -o "$out/results.csv"
rd print results --race 10k --to "$out/results-10k.bin"

step "12:00 a backup to the stick"
rd backup --to "$out/raceday-backup.db"
printf '\nraceday: done; files in %s\n' "$out"
