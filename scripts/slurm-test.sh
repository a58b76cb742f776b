#!/usr/bin/env bash
# examples/cluster/ on a real Slurm: a single node on this machine from Debian's slurm-wlm and munge, the
# daemons started by hand (no systemd), everything on the loopback address and in one temporary folder. Runs
# skipbench.sbatch as an array of three shards of a small benchmark; cancels one task (scancel) while a case
# runs and checks that the case is missing, never failed; resubmits that task alone, which resumes; requeues
# a finished task, which runs nothing; submits merge.sbatch after them all; and compares the merged file with
# an unsharded run on every non-timing value. Prints what it runs and the check's result, and stops every
# daemon it started. Needs root (as CI runs) and the built workspace (pnpm -s build).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
examples=$repo/examples/cluster
say() { printf 'slurm-test: %s\n' "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing Debian's slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

work=$(mktemp -d /tmp/skipbench-slurm-XXXXXX)
chmod 755 "$work" # munge's socket must be reachable
daemons=()
stop_all() {
  # Jobs first: a job's slurmstepd outlives slurmd.
  if [ ${#daemons[@]} -eq 3 ]; then
    scancel --full --quiet --user=root 2>/dev/null || true
    for _ in $(seq 100); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.3; done
  fi
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do kill "${daemons[i]}" 2>/dev/null || true; wait "${daemons[i]}" 2>/dev/null || true; done
  [ ${#daemons[@]} -eq 0 ] || say "stopped ${#daemons[@]} daemons (munged, slurmctld, slurmd)"
}
# The folder goes once the check passed; after a failure it stays, with every job's output and daemon's log.
trap 'status=$?; stop_all; [ "$status" -ne 0 ] || rm -rf "$work"' EXIT

# --- a one-node cluster ---------------------------------------------------------------------------------
host=$(hostname -s)
mkdir -p "$work/state" "$work/spool" "$work/results"
mungekey --create --keyfile="$work/munge.key"
munged --foreground --force --socket="$work/munge.socket" --key-file="$work/munge.key" --pid-file="$work/munged.pid" \
  --log-file="$work/munged.log" --seed-file="$work/munged.seed" >"$work/munged.out" 2>&1 &
daemons+=($!)
cat >"$work/slurm.conf" <<EOF
ClusterName=skipbench
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge.socket
SlurmUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
KillWait=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
until [ -S "$work/munge.socket" ]; do sleep 0.1; done
slurmctld -D -i >"$work/slurmctld.out" 2>&1 &
daemons+=($!)
slurmd -D >"$work/slurmd.out" 2>&1 &
daemons+=($!)
for _ in $(seq 300); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.2; done
sinfo -h -o %T | grep -qx idle || fail "the node never became idle: $(tail -3 "$work/slurmd.log")"
say "Slurm $(sinfo -V | cut -d' ' -f2) up: node $host, $(nproc) CPUs, in $work"

# --- the example, as a user runs it -----------------------------------------------------------------------
node packages/bench-cli/bin/skipbench.js pack --out "$work/skipbench" --arch 'resnet.*' >/dev/null
export SKIPBENCH=$work/skipbench/skipbench SKIPBENCH_SHARDS=3 SKIPBENCH_OUT=$work/results/depth
# Training cases only, long enough that the task cancelled after two finished cases is still in its third
# (task 1's shard: plain at depth 4, residual at 2, then residual at 16, a few times longer than both).
export SKIPBENCH_RUN='depth --arch resnet.mlp --probe trainability --depths 2,4,8,16 --variant plain,residual --train-steps 1500'
say "SKIPBENCH_RUN='$SKIPBENCH_RUN' SKIPBENCH_SHARDS=3, the CLI packed into $work/skipbench"
cd "$work"
started=$SECONDS
state() { squeue -h -j "$1" -o %T 2>/dev/null || true; }
# Waits until job (or task) $1 has left the queue, then prints its final state and exit code.
ended() {
  for _ in $(seq 1800); do [ -z "$(state "$1")" ] && break; sleep 0.3; done
  [ -z "$(state "$1")" ] || fail "job $1 still queued after 9 minutes"
  scontrol show job -o "$1" | grep -o 'JobState=[A-Z_]* .*ExitCode=[0-9:]*' | sed 's/ .*ExitCode=/ ExitCode=/'
}
submit() { say "sbatch $*" >&2; sbatch --parsable "$@"; }

array=$(submit --array=0-2 --cpus-per-task=1 "$examples/skipbench.sbatch")
journal=$SKIPBENCH_OUT-1.json.partial.jsonl
cases() { if [ -f "$1" ]; then grep -c '"probe"' "$1" || true; else echo 0; fi; }
for _ in $(seq 1500); do [ "$(cases "$journal")" -ge 2 ] && break; sleep 0.2; done
[ "$(state "${array}_1")" = RUNNING ] || fail "task 1 is not running ($(state "${array}_1")) with $(cases "$journal") cases journalled"
say "task 1 has $(cases "$journal") cases journalled and runs more: scancel ${array}_1"
scancel "${array}_1"
say "task 1: $(ended "${array}_1")"
stopping=$(grep 'skipbench: SIGTERM: stopping now; 1 running left out' "slurm-${array}_1.out") || fail "task 1 did not stop a running case: $(tail -3 "slurm-${array}_1.out")"
say "task 1 said: $stopping"
node -e '
  const { readFileSync } = require("node:fs");
  const [file, journal] = process.argv.slice(1);
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const journalled = readFileSync(journal, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l));
  const failed = [...doc.cases, ...journalled].filter((c) => c.status === "failed");
  if (failed.length > 0) { console.error("slurm-test: FAILED: cancelled cases recorded as failed:", failed.map((c) => c.id)); process.exit(1); }
  console.log(`slurm-test: cancelled task 1 wrote ${doc.cases.length} cases, none failed; its journal is kept for the rest`);
' "$SKIPBENCH_OUT-1.json" "$journal"

resubmitted=$(submit --array=1 --cpus-per-task=1 "$examples/skipbench.sbatch")
say "resubmitted task 1 alone: $(ended "${resubmitted}_1")"
grep -q "skipbench: resuming .*depth-1.json: " "slurm-${resubmitted}_1.out" || fail "the resubmitted task did not resume: $(head -3 "slurm-${resubmitted}_1.out")"
say "$(grep -o 'resuming .*depth-1.json: .*' "slurm-${resubmitted}_1.out")"
say "array task 0: $(ended "${array}_0"), task 2: $(ended "${array}_2")"
requeued=$(submit --array=0 --cpus-per-task=1 "$examples/skipbench.sbatch")
say "finished task 0 again: $(ended "${requeued}_0"); $(grep -o 'depth-0.json holds every case.*' "slurm-${requeued}_0.out")"
merge=$(submit --dependency="afterany:$array:$resubmitted" "$examples/merge.sbatch")
merged_state=$(ended "$merge")
say "merge: $merged_state; $(cat "slurm-merge-$merge.out")"
[[ $merged_state == "JobState=COMPLETED ExitCode=0:0" ]] || fail "the merge job did not complete"
say "Slurm part done in $((SECONDS - started)) s"

# --- the check -------------------------------------------------------------------------------------------
read -ra run <<<"$SKIPBENCH_RUN"
say "unsharded: skipbench run $SKIPBENCH_RUN --jobs 1"
"$SKIPBENCH" run "${run[@]}" --jobs 1 --out "$work/unsharded.json" >/dev/null 2>&1
node "$repo/scripts/compare-non-timing.mjs" "$work/unsharded.json" "$SKIPBENCH_OUT.json" >"$work/compare.txt" || fail "the merged file differs from the unsharded run: $(head -5 "$work/compare.txt")"
say "passed: the merge of 3 shards (one cancelled mid-case, then resubmitted) equals the unsharded run: $(head -1 "$work/compare.txt"); $((SECONDS - started)) s in all"
