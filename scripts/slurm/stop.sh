#!/bin/bash
# Stops the single-node Slurm of start.sh (munged is left to whoever started it first).
set -uo pipefail
DIR="${1:-/tmp/axonal-slurm}"
for p in slurmd slurmctld; do
  [ -f "$DIR/$p.pid" ] && kill "$(cat "$DIR/$p.pid")" 2>/dev/null
done
for i in $(seq 1 20); do pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || exit 0; sleep 0.25; done
pkill -9 -x slurmd; pkill -9 -x slurmctld
exit 0
