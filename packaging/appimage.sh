#!/usr/bin/env bash
# Builds target/release/bundle/appimage/Tavolo_<version>_amd64.AppImage from the release
# binaries that `make package` has built: an AppDir (AppRun, desktop file, icon, the app
# and the `tavolo` CLI, the MIME types) packed by tavolo-appimage (see its main.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
rel=target/release
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)
[ -n "$version" ] || { echo "appimage.sh: no version in src-tauri/tauri.conf.json" >&2; exit 1; }
for bin in tavolo-desktop tavolo tavolo-appimage; do
  [ -x "$rel/$bin" ] || { echo "appimage.sh: $rel/$bin is missing: run make package" >&2; exit 1; }
done
out=$rel/bundle/appimage
appdir=$out/Tavolo.AppDir
rm -rf "$appdir"
mkdir -p "$appdir/usr/bin" "$appdir/usr/share/applications" \
  "$appdir/usr/share/icons/hicolor/256x256/apps" "$appdir/usr/share/mime/packages"
install -m 755 assets/linux/AppRun "$appdir/AppRun"
install -m 755 "$rel/tavolo-desktop" "$rel/tavolo" "$appdir/usr/bin/"
install -m 644 assets/linux/tavolo.desktop "$appdir/tavolo.desktop"
install -m 644 assets/linux/tavolo.desktop "$appdir/usr/share/applications/tavolo.desktop"
install -m 644 assets/icons/256x256.png "$appdir/tavolo.png"
install -m 644 assets/icons/256x256.png "$appdir/usr/share/icons/hicolor/256x256/apps/tavolo.png"
install -m 644 assets/linux/tavolo-mime.xml "$appdir/usr/share/mime/packages/tavolo.xml"
ln -s tavolo.png "$appdir/.DirIcon"
"$rel/tavolo-appimage" pack "$appdir" "$out/Tavolo_${version}_amd64.AppImage"
