#!/usr/bin/env bash
# The installers, tested on this machine (`make package-test`, called by .ci/run):
#  1. the .deb: its control fields and files, `dpkg -i`, the MIME types and the
#     desktop entry registered, the `tavolo` CLI on the PATH, the installed app
#     started under Xvfb with an empty home until its first window is painted
#     (screenshot test-artifacts/package/installed.png), then `dpkg -r` and every
#     file of the package gone;
#  2. the AppImage on a folder standing for a USB stick, with `tavolo-portable`
#     beside it: the CLI inside it makes the demo workspace in tavolo-data/, the
#     app starts and paints (portable.png), and the empty home stays empty.
# Needs root (or sudo) for dpkg; everything else runs as the current user.
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)
art=$root_dir/test-artifacts/package
rm -rf "$art"
mkdir -p "$art"

fail() { echo "test-package: $*" >&2; exit 1; }
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

deb=$(ls target/release/bundle/deb/*.deb 2>/dev/null | head -n1 || true)
appimage=$(ls target/release/bundle/appimage/*.AppImage 2>/dev/null | head -n1 || true)
[ -f "$deb" ] || fail "no .deb in target/release/bundle/deb: run make package"
[ -f "$appimage" ] || fail "no AppImage in target/release/bundle/appimage: run make package"
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)

# Starts "$@" under a fresh Xvfb with HOME=$home, waits for a window named Tavolo
# and for it to be painted (more than 300 colours on the screen: a real screen has
# hundreds, a blank or "loading" one far fewer), screenshots it into
# $1.png, stops everything. Fails after 60 s.
shoot() {
  local name=$1 home=$2; shift 2
  local display=:$((90 + RANDOM % 100))
  local runtime
  runtime=$(mktemp -d)
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$art/$name-xvfb.log" 2>&1 &
  local xvfb=$!
  sleep 1
  env -i PATH="$PATH" HOME="$home" DISPLAY="$display" XDG_RUNTIME_DIR="$runtime" \
    WEBKIT_DISABLE_DMABUF_RENDERER=1 TAVOLO_KEYRING=off LANG=it_IT.UTF-8 \
    setsid dbus-run-session -- "$@" >"$art/$name-app.log" 2>&1 &
  local app=$!
  local painted=""
  local start=$SECONDS
  while [ $((SECONDS - start)) -lt 60 ]; do
    if DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '"Tavolo"'; then
      DISPLAY=$display import -window root "$art/$name.png" 2>/dev/null || true
      local colours
      colours=$(identify -format '%k' "$art/$name.png" 2>/dev/null || echo 0)
      if [ "${colours:-0}" -gt 300 ]; then painted=$colours; break; fi
    fi
    sleep 1
  done
  kill -TERM -- "-$app" 2>/dev/null || kill "$app" 2>/dev/null || true
  sleep 1
  kill -KILL -- "-$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait "$app" "$xvfb" 2>/dev/null || true
  rm -rf "$runtime"
  [ -n "$painted" ] || { tail -n 20 "$art/$name-app.log" >&2; fail "$name: no painted Tavolo window within 60 s"; }
  echo "$name: window painted after $((SECONDS - start)) s ($painted colours): $art/$name.png"
}

echo "== the .deb: $deb"
dpkg-deb -I "$deb" >"$art/deb-info.txt"
dpkg-deb -c "$deb" >"$art/deb-contents.txt"
grep -q '^ Package: tavolo$' "$art/deb-info.txt" || fail "the package is not named tavolo"
grep -q "^ Version: $version\$" "$art/deb-info.txt" || fail "the package's version is not $version"
grep -q '^ Depends:.*libwebkit2gtk-4.1-0' "$art/deb-info.txt" || fail "the package does not depend on WebKitGTK 4.1"
grep -q '^ Depends:.*libssl3' "$art/deb-info.txt" || fail "the package does not depend on libssl3 (SQLCipher links the system's libcrypto)"
grep -q '^ Description: Reti, incontri e note' "$art/deb-info.txt" || fail "no Italian description"
for f in usr/bin/tavolo-desktop usr/bin/tavolo usr/share/applications/Tavolo.desktop \
  usr/share/mime/packages/tavolo.xml usr/share/icons/hicolor/256x256/apps/tavolo-desktop.png; do
  grep -q " $f\$" "$art/deb-contents.txt" || fail "the package has no $f"
done

$sudo dpkg -i "$deb" >"$art/dpkg-install.log" 2>&1 || { cat "$art/dpkg-install.log" >&2; fail "dpkg -i failed"; }
dpkg-query -W -f='${Status}' tavolo | grep -q "install ok installed" || fail "dpkg does not list tavolo as installed"
[ "$(command -v tavolo-desktop)" = /usr/bin/tavolo-desktop ] || fail "tavolo-desktop is not on the PATH"
/usr/bin/tavolo --version | grep -q "tavolo $version" || fail "the installed CLI does not run"
# dpkg's trigger runs update-mime-database: the file types are known by extension.
$sudo update-mime-database /usr/share/mime >/dev/null 2>&1 || true
grep -q 'application/x-tavolo-bundle:\*\.tavolo-bundle' /usr/share/mime/globs2 || fail ".tavolo-bundle is not a registered file type"
grep -q 'application/x-tavolo-update:\*\.tavolo-update' /usr/share/mime/globs2 || fail ".tavolo-update is not a registered file type"
grep -q '^MimeType=.*application/x-tavolo-bundle' /usr/share/applications/Tavolo.desktop || fail "the desktop entry does not open bundles"
home=$(mktemp -d)
cli_db=$(mktemp -d)/tavolo.db
/usr/bin/tavolo --db "$cli_db" demo >/dev/null || fail "the installed CLI cannot make the demo workspace"
shoot installed "$home" /usr/bin/tavolo-desktop
rm -rf "$home" "$(dirname "$cli_db")"

$sudo dpkg -r tavolo >"$art/dpkg-remove.log" 2>&1 || { cat "$art/dpkg-remove.log" >&2; fail "dpkg -r failed"; }
left=""
while read -r _ _ _ _ _ path _; do
  path=/${path#./}
  [ -f "$path" ] && left="$left $path"
done <"$art/deb-contents.txt"
[ -z "$left" ] || fail "files left after dpkg -r:$left"
! dpkg-query -W -f='${Status}' tavolo 2>/dev/null | grep -q "install ok installed" || fail "tavolo still installed"
echo "deb: installed, started, removed, nothing left"

echo "== the AppImage: $appimage"
stick=$(mktemp -d)
home=$(mktemp -d)
cp "$appimage" "$stick/Tavolo.AppImage"
touch "$stick/tavolo-portable"
"$stick/Tavolo.AppImage" --appimage-extract "$stick/estratto" >/dev/null
for f in AppRun tavolo.desktop .DirIcon usr/bin/tavolo-desktop usr/bin/tavolo; do
  [ -e "$stick/estratto/$f" ] || fail "the AppImage has no $f"
done
rm -rf "$stick/estratto"
runtime=$(mktemp -d)
env -i PATH="$PATH" HOME="$home" XDG_RUNTIME_DIR="$runtime" "$stick/Tavolo.AppImage" tavolo demo >/dev/null \
  || fail "the CLI in the AppImage cannot make the demo workspace"
rm -rf "$runtime"
[ -f "$stick/tavolo-data/tavolo.db" ] || fail "the portable AppImage kept no database beside it"
shoot portable "$home" "$stick/Tavolo.AppImage"
left=$(find "$home" -mindepth 1 | head -n 5)
[ -z "$left" ] || fail "the portable AppImage wrote in the home folder: $left"
rm -rf "$stick" "$home"
echo "AppImage: portable copy ran from its folder, nothing in the home folder"
