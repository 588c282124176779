#!/bin/bash
# Single-node Slurm integration test of the docs/scaling.md array recipe: start munge
# and Slurm (controller and one node) in a private folder, run the documented array
# with one shard failing, resubmit that shard as the docs say, merge, and compare the
# merged bytes with one process. Every daemon is stopped by its PID at the end.
#
# Usage: tests/slurm/run.sh PATH/TO/detente
# Exit 0 on success; 77 with a "SKIPPED:" line when Slurm or munge is unavailable or
# cannot start here; anything else is a failure.
set -euo pipefail
DETENTE=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
skip() { echo "SKIPPED: $*"; exit 77; }

for tool in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (apt-get install slurm-wlm munge)"
done
[ "$(id -u)" = 0 ] || skip "starting slurmd needs root"

DIR=$(mktemp -d /tmp/detente-slurm.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$DIR"
}
trap cleanup EXIT
mkdir -p "$DIR"/{state,spool,munge,work/parts,bin}
chmod 700 "$DIR/munge"

# munge: a fresh key and a private socket.
dd if=/dev/urandom of="$DIR/munge/key" bs=1024 count=1 status=none
chmod 400 "$DIR/munge/key"
munged --force --key-file="$DIR/munge/key" --socket="$DIR/munge/sock" \
  --pid-file="$DIR/munge/pid" --log-file="$DIR/munge/log" --seed-file="$DIR/munge/seed" \
  || skip "munged does not start here: $(tail -2 "$DIR/munge/log" 2>/dev/null)"
for _ in $(seq 50); do [ -s "$DIR/munge/pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$DIR/munge/pid")")

HOST=$(hostname -s)
PORT=$(( 20000 + RANDOM % 20000 ))
cat > "$DIR/slurm.conf" <<CONF
ClusterName=detente-test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/sock
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$DIR/slurm.conf"
slurmctld -i -f "$SLURM_CONF" || skip "slurmctld does not start here: $(tail -3 "$DIR/slurmctld.log" 2>/dev/null)"
for _ in $(seq 100); do [ -s "$DIR/slurmctld.pid" ] && break; sleep 0.1; done
[ -s "$DIR/slurmctld.pid" ] || skip "slurmctld did not start: $(tail -3 "$DIR/slurmctld.log")"
PIDS+=("$(cat "$DIR/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || skip "slurmd does not start here: $(tail -3 "$DIR/slurmd.log" 2>/dev/null)"
for _ in $(seq 100); do [ -s "$DIR/slurmd.pid" ] && break; sleep 0.1; done
[ -s "$DIR/slurmd.pid" ] || skip "slurmd did not start: $(tail -3 "$DIR/slurmd.log")"
PIDS+=("$(cat "$DIR/slurmd.pid")")
for _ in $(seq 150); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break
  sleep 0.2
done
sinfo -h -o %T | grep -qE '^(idle|mixed)' || skip "the node does not come up: $(sinfo 2>&1 | tail -2)"

# The documented array script, with a small experiment and 4 shards.
SCRIPT=$(awk '/^#!\/bin\/bash$/{p=1} p&&/^```$/{exit} p' "$ROOT/docs/scaling.md")
[ -n "$SCRIPT" ] || { echo "no array script in docs/scaling.md"; exit 1; }
cp "$ROOT/scenarios/security-guarantees.toml" "$DIR/work/S.toml"
printf '%s\n' "$SCRIPT" \
  | sed -e 's/^#SBATCH --array=0-15$/#SBATCH --array=0-3/' \
        -e 's/^#SBATCH --cpus-per-task=8$/#SBATCH --cpus-per-task=1/' \
        -e 's/^SHARDS=16 /SHARDS=4 /' \
        -e 's/--runs 10000000000/--runs 4000/' > "$DIR/work/shards.sh"
grep -q 'SHARDS=4 ' "$DIR/work/shards.sh" || { echo "the recipe no longer has SHARDS=16"; exit 1; }
# `detente` on the PATH of the jobs: shard 2 fails the first time it runs.
cat > "$DIR/bin/detente" <<WRAP
#!/bin/bash
if [ "\${SLURM_ARRAY_TASK_ID:-}" = 2 ] && [ ! -e "$DIR/failed-once" ]; then
  touch "$DIR/failed-once"; echo "simulated failure of shard 2" >&2; exit 1
fi
exec "$DETENTE" "\$@"
WRAP
chmod +x "$DIR/bin/detente"
export PATH="$DIR/bin:$PATH"
cd "$DIR/work"

wait_for() { # job ids: wait until none of them is pending or running
  for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  echo "job $1 did not finish"; squeue; exit 1
}
state_of() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' '; }

# As documented: the array, then the merge after it.
JOB=$(sbatch --parsable shards.sh)
MERGE=$(sbatch --parsable --dependency=afterok:"$JOB" --kill-on-invalid-dep=yes \
  --wrap 'detente merge parts/part-*.json -o result.json')
wait_for "$JOB"
wait_for "$MERGE"
[ ! -e result.json ] || { echo "the merge ran although shard 2 failed"; exit 1; }
[ -e parts/part-0.json ] && [ ! -e parts/part-2.json ] || { echo "unexpected parts: $(ls parts)"; exit 1; }
echo "array: $(state_of "$JOB"); merge: $(state_of "$MERGE")"
# Resubmit the failed shard alone, and the merge after it.
RETRY=$(sbatch --parsable --array=2 shards.sh)
MERGE2=$(sbatch --parsable --dependency=afterok:"$RETRY" \
  --wrap 'detente merge parts/part-*.json -o result.json')
wait_for "$RETRY"
wait_for "$MERGE2"
[ -e result.json ] || { echo "no result.json: $(cat slurm-*.out)"; exit 1; }
"$DETENTE" run S.toml --runs 4000 --seed 7 --json one.json --quiet
cmp result.json one.json || { echo "merged bytes differ from one process"; exit 1; }
"$DETENTE" run S.toml --check result.json
echo "ok: the Slurm array recipe with a resubmitted shard gives the one-process bytes"
