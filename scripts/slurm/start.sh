#!/bin/bash
# A single-node Slurm for the sweep tests (and for trying `axonal sweep run --on slurm` here):
# munge, slurmctld and slurmd from Debian's slurm-wlm, with a generated slurm.conf for this host
# (one node, its real CPU count). Needs root. Prints the SLURM_CONF to export; stop with stop.sh.
# Usage: scripts/slurm/start.sh [DIR]   (default /tmp/axonal-slurm)
set -euo pipefail
DIR="${1:-/tmp/axonal-slurm}"
if [ "$(id -u)" != 0 ]; then echo "slurm/start.sh: needs root (it starts munged, slurmctld and slurmd)" >&2; exit 2; fi
for b in munged slurmctld slurmd sbatch; do
  command -v "$b" >/dev/null || { echo "slurm/start.sh: $b not found; apt-get install -y slurm-wlm munge" >&2; exit 2; }
done
HOST="$(hostname -s)"
CPUS="$(nproc)"
MEM="$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)"
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
CONF="$DIR/slurm.conf"
cat > "$CONF" <<CONF
ClusterName=axonal
SlurmctldHost=$HOST
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
# munge: its own socket and pid under DIR, the package's key
if ! pgrep -x munged >/dev/null; then
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged
fi
export SLURM_CONF="$CONF"
pkill -x slurmctld 2>/dev/null || true
pkill -x slurmd 2>/dev/null || true
/usr/sbin/slurmctld -f "$CONF"
/usr/sbin/slurmd -f "$CONF"
# ready when the node takes work
for i in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then echo "SLURM_CONF=$CONF"; exit 0; fi
  sleep 0.5
done
echo "slurm/start.sh: the node did not come up; see $DIR/slurmctld.log and $DIR/slurmd.log" >&2
sinfo >&2 || true
exit 1
