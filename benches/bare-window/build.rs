//! Tauri's build step for the bare window: reads `tauri.conf.json`.

fn main() {
    tauri_build::build();
}
