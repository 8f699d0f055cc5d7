#!/usr/bin/env bash
# ImplantScan over an archive as a Slurm job array: array task I of N analyses shard I/N.
#
#   ARCHIVE=/shared/archive RESULTS=/shared/results IMPLANTSCAN=/shared/bin/implantscan \
#       sbatch --array=0-63 deploy/slurm-array.sh
#   sbatch --dependency=afterok:<array job id> --wrap \
#       "implantscan records import /shared/results/shard-*-of-64.jsonl --cases cases.csv --db cases.sqlite"
#
# The array must run from 0 (shards are numbered 0…N−1; N = the array's task count). Results go to
# RESULTS/shard-I-of-N.jsonl (.partial until the shard is complete), the same names as
# workflows/Snakefile and deploy/implantscan-shard; a requeued or re-submitted task resumes its shard.
# ARCHIVE and RESULTS must be on a file system every node sees.
#SBATCH --job-name=implantscan-shard
#SBATCH --array=0-15
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=implantscan-shard-%A_%a.log
set -euo pipefail

index=${SLURM_ARRAY_TASK_ID:?run with sbatch --array=0-(N-1)}
count=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?run with sbatch --array=0-(N-1)}}
if [ "${SLURM_ARRAY_TASK_MIN:-0}" != 0 ]; then
    echo "the array must start at 0 (shard indices are 0…N−1), not ${SLURM_ARRAY_TASK_MIN}" >&2
    exit 2
fi
archive=${ARCHIVE:?set ARCHIVE to the archive root}
results=${RESULTS:-results}
implantscan=${IMPLANTSCAN:-implantscan}
out="$results/shard-$index-of-$count.jsonl"

mkdir -p "$results"
if [ -e "$out" ]; then
    echo "$out: shard $index/$count already complete"
    exit 0
fi
"$implantscan" batch "$archive" --shard "$index/$count" --out "$out.partial" --resume --allow-failures \
    --jobs "${JOBS:-${SLURM_CPUS_PER_TASK:-1}}" --timeout "${TIMEOUT:-600}"
mv "$out.partial" "$out"
