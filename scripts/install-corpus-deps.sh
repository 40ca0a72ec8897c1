#!/bin/sh
# Installs what `musicface corpus synth` needs on Debian 12 / Ubuntu 22.04+ (about 200 MB):
# Festival with the six singing diphone voices (English kal and ked, Italian lp and pc, Finnish lj and mv), fluidsynth and two General MIDI soundfonts.
# The package list is .ci/apt/corpus.txt (CI installs the same list).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
packages=$(grep -v '^#' "$here/.ci/apt/corpus.txt" | tr '\n' ' ')
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
$sudo apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $packages
for f in /usr/share/festival/voices/english/kal_diphone /usr/share/festival/voices/english/ked_diphone \
         /usr/share/festival/voices/italian/lp_diphone /usr/share/festival/voices/italian/pc_diphone \
         /usr/share/festival/voices/finnish/suo_fi_lj_diphone /usr/share/festival/voices/finnish/hy_fi_mv_diphone \
         /usr/share/sounds/sf2/FluidR3_GM.sf2 /usr/share/sounds/sf2/TimGM6mb.sf2; do
  [ -e "$f" ] || { echo "install-corpus-deps: $f is missing after the install" >&2; exit 1; }
done
echo "corpus dependencies installed: $(festival --version | head -1); $(fluidsynth --version 2>/dev/null | head -1)"
