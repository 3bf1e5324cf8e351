#!/usr/bin/env bash
# Debian packages the app and its tests need beyond Python: Qt's X11/EGL libraries, poppler-utils
# (pdftotext/pdffonts/pdftoppm in the report tests), Xvfb for screenshots. PostgreSQL 15 comes with
# the machine image. Installs only what is missing, and only where apt-get can be used as root.
set -euo pipefail
want=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
      libxcb-image0 libxcb-xkb1 libx11-xcb1 poppler-utils xvfb xauth)
command -v dpkg-query >/dev/null 2>&1 || { echo "dpkg 없음: 시스템 패키지 확인을 건너뜁니다."; exit 0; }
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "다음 시스템 패키지를 설치하세요: ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
