#!/usr/bin/env bash
# Builds deploy/Dockerfile where no Docker engine runs and Docker Hub is out of reach but Debian's package archive
# is not (ImplantScan's own development machines, an air-gapped site with a Debian mirror): with podman, each RUN
# step in a chroot (no engine, no cgroups), and both base images made here:
#   DEBIAN_IMAGE  Debian 12 (bookworm) "minbase" from debootstrap, in place of debian:bookworm-slim;
#   SWIFT_IMAGE   that, plus the Debian packages the official Swift image for Debian 12 installs, with this machine's
#                 Swift toolchain mounted at build time (its usr/bin first on PATH) and, where git reads github.com
#                 from local package copies (git config url.DIR.insteadOf https://github.com/), the same copies.
# The Dockerfile is built as it is, the runtime stage and then the workflow stage. Then the runtime image analyses
# the bundled sample scan (OUT/two-implants-crown/: measurements.json, report) and the workflow image runs the
# Snakemake workflow over three sample scans into a case store (OUT/workflow/).
#
# usage: deploy/build-image-podman.sh [TAG]    TAG defaults to localhost/implantscan:dev; the workflow stage is TAG-workflow
# env:   SWIFT_TOOLCHAIN  the toolchain's root (default: the folder holding usr/bin/swift of the swift on PATH)
#        DEBIAN_MIRROR    default http://deb.debian.org/debian
#        HOST_CA          a CA bundle the build's apt and pip also trust (registries reached through a TLS-inspecting
#                         proxy); default /etc/ssl/certs/ca-certificates.crt when it exists
#        OUT              default .build-image (kept out of git by .gitignore)
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${1:-localhost/implantscan:dev}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
out=${OUT:-.build-image}
host_ca=${HOST_CA:-/etc/ssl/certs/ca-certificates.crt}
debian_image=localhost/implantscan-base/debian:bookworm-slim
swift_image=localhost/implantscan-base/swift:6.3-bookworm

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
fail() { echo "build-image-podman: $*" >&2; exit 1; }

command -v podman >/dev/null && command -v debootstrap >/dev/null || {
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap >/dev/null
}

swift_bin=$(command -v swift) || fail "no swift on PATH (set SWIFT_TOOLCHAIN)"
toolchain=${SWIFT_TOOLCHAIN:-$(dirname "$(dirname "$(dirname "$(readlink -f "$swift_bin")")")")}
[ -x "$toolchain/usr/bin/swift" ] || fail "$toolchain/usr/bin/swift: not a Swift toolchain"
# Local copies git reads github.com from, if any: mounted at the same path and configured the same way.
copies=$(git config --get-regexp '^url\..*\.insteadof$' 'https://github.com/' | sed -n 's/^url\.\(.*\)\.insteadof .*/\1/p' | head -n1 || true)
[ -n "$copies" ] && [ ! -d "$copies" ] && copies=""

# Podman's default open-files limit can exceed this shell's hard limit, which a chroot build cannot raise.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
conf=$scratch/containers.conf
echo "[containers]" > "$conf"
echo "default_ulimits = [\"nofile=$(ulimit -Hn):$(ulimit -Hn)\"]" >> "$conf"
export CONTAINERS_CONF=$conf
build() { podman build --isolation chroot --network host "$@"; }

if ! podman image exists "$debian_image"; then
    root=$(mktemp -d)
    as_root debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
    cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
    as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    as_root tar -C "$root" -c . | podman import - "$debian_image" >/dev/null
    as_root rm -rf "$root"
fi

if ! podman image exists "$swift_image"; then
    # The packages swiftlang/swift-docker's Debian 12 image installs (6.2/debian/12/Dockerfile), as it installs them.
    mkdir "$scratch/swift"
    cat > "$scratch/swift/Containerfile" <<EOF
FROM $debian_image
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils libicu-dev \
      libcurl4-openssl-dev libedit-dev libsqlite3-dev libncurses-dev libpython3-dev libxml2-dev pkg-config uuid-dev \
      tzdata git gcc libstdc++-12-dev >/dev/null \
    && rm -rf /var/lib/apt/lists/* ${copies:+&& git config --system url.$copies.insteadOf https://github.com/}
ENV PATH=$toolchain/usr/bin:\$PATH
EOF
    build -t "$swift_image" "$scratch/swift"
fi

mounts=(-v "$toolchain:$toolchain:ro")
[ -n "$copies" ] && mounts+=(-v "$copies:$copies:ro")
[ -f "$host_ca" ] && mounts+=(-v "$host_ca:/usr/local/share/ca-certificates/build-host.crt:ro")
args=(--build-arg "SWIFT_IMAGE=$swift_image" --build-arg "DEBIAN_IMAGE=$debian_image" "${mounts[@]}" -f deploy/Dockerfile)
build "${args[@]}" --target runtime -t "$tag" .
build "${args[@]}" --target workflow -t "$tag-workflow" .

# The runtime image at work: the bundled sample scan analysed inside it, as the image's user.
mkdir -p "$out"
rm -rf "$out/two-implants-crown" "$out/workflow"
chmod 0777 "$out"  # the image's user (1000) writes there
mkdir "$scratch/check"
cat > "$scratch/check/Containerfile" <<EOF
FROM $tag
RUN implantscan analyze /samples/two-implants-crown --out /out/two-implants-crown
EOF
# --no-cache: a cached step would leave the outputs unwritten.
build --no-cache -v "$PWD/SampleScans:/samples:ro" -v "$PWD/$out:/out" -t "$tag-check" "$scratch/check"
# The workflow image: the Snakemake workflow over three sample scans in two shards, imported into a case store.
mkdir -m 0777 "$out/workflow"
printf 'scan,case,site,date,implant\nhealthy,C1,36,2026-01-05,\ntilted,C2,46,2026-01-06,\ntwo-implants-crown,C3,35,2026-01-07,1\n' \
    > "$out/workflow/cases.csv"
cat > "$scratch/check/Containerfile" <<EOF
FROM $tag-workflow
RUN cd /out/workflow && snakemake -s /workflows/Snakefile --cores 2 --quiet \
      --config root=/archive shards=2 cases=cases.csv db=cases.sqlite results=results
EOF
archive=()
for scan in healthy tilted two-implants-crown; do archive+=(-v "$PWD/SampleScans/$scan:/archive/$scan:ro"); done
build --no-cache -v "$PWD/$out:/out" "${archive[@]}" -t "$tag-check" "$scratch/check"
podman image rm "$tag-check" >/dev/null
[ -f "$out/two-implants-crown/measurements.json" ] || fail "the runtime image wrote no measurements"
[ -f "$out/workflow/results/import-of-2.txt" ] || fail "the workflow image imported nothing"
echo "built $tag and $tag-workflow"
echo "the sample scan analysed in $tag: $out/two-implants-crown/measurements.json"
echo "the workflow run in $tag-workflow: $(tail -n1 "$out/workflow/results/import-of-2.txt")"
