//! Tavolo's AppImage, made without downloading anything.
//!
//! An AppImage (type 2) is an ELF program, the *runtime*, with a SquashFS image of the
//! application's folder appended to it and the bytes `AI\x02` at offset 8 of its ELF
//! header. The usual runtime and its `appimagetool` come from GitHub, which the build
//! machines cannot reach; this one program is both halves:
//!
//! - `tavolo-appimage pack APPDIR OUT.AppImage` (a plain copy of the program): writes
//!   itself, marked, then APPDIR as SquashFS (zstd) through `backhand`;
//! - started as an AppImage (the program with an image after its ELF end): unpacks the
//!   image once into a private folder keyed by the file's identity (the user's runtime
//!   folder, else the temporary folder — never the home folder, so a portable copy on a
//!   USB stick writes nothing there) and runs its `AppRun` with `APPIMAGE`, `APPDIR` and
//!   `ARGV0` set, as the AppImage specification asks. `--appimage-extract [DEST]` unpacks
//!   into `squashfs-root` (or DEST) and `--appimage-offset` prints where the image starts.
//!
//! Unlike linuxdeploy's AppImages it does not carry WebKitGTK: it needs the system's
//! (`libwebkit2gtk-4.1-0`, in Debian 12 and Ubuntu 22.04 and later).

mod elf;
mod pack;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match dispatch() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("tavolo-appimage: {message}");
            ExitCode::from(1)
        }
    }
}

fn dispatch() -> Result<ExitCode, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let layout = elf::Layout::of(&me)?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if layout.has_image() {
        return run::as_appimage(&me, &layout, &args);
    }
    match args.as_slice() {
        [cmd, appdir, out] if cmd == "pack" => {
            let size = pack::pack(&me, &layout, &PathBuf::from(appdir), &PathBuf::from(out))?;
            println!("{out}: {size} bytes");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err("usage: tavolo-appimage pack APPDIR OUT.AppImage".into()),
    }
}
