//! Where a 64-bit little-endian ELF program ends, and the AppImage mark in its header.

use std::io::Read;
use std::path::Path;

/// Bytes 8..11 of an AppImage of type 2 (in the ELF header's padding).
pub const MARK: [u8; 3] = [b'A', b'I', 2];

/// A program file: its length and where its ELF part ends (where an image starts).
pub struct Layout {
    pub file_len: u64,
    pub elf_end: u64,
    pub marked: bool,
}

impl Layout {
    pub fn of(path: &Path) -> Result<Self, String> {
        let mut file = std::fs::File::open(path)
            .map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
        let file_len = file
            .metadata()
            .map_err(|e| format!("{}: {e}", path.display()))?
            .len();
        let mut header = [0u8; 64];
        file.read_exact(&mut header)
            .map_err(|e| format!("{}: too short for an ELF header: {e}", path.display()))?;
        let elf_end = elf_end(&header)
            .ok_or_else(|| format!("{}: not a 64-bit little-endian ELF program", path.display()))?;
        Ok(Self {
            file_len,
            elf_end,
            marked: header[8..11] == MARK,
        })
    }

    /// An image follows the program: this copy is an AppImage.
    pub fn has_image(&self) -> bool {
        self.marked && self.file_len > self.elf_end
    }
}

fn u16_at(b: &[u8], at: usize) -> u64 {
    u64::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// The end of the section header table (the last thing a linker writes).
pub fn elf_end(header: &[u8; 64]) -> Option<u64> {
    if header[0..4] != [0x7f, b'E', b'L', b'F'] || header[4] != 2 || header[5] != 1 {
        return None;
    }
    let shoff = u64_at(header, 0x28);
    let shentsize = u16_at(header, 0x3A);
    let shnum = u16_at(header, 0x3C);
    shoff.checked_add(shentsize.checked_mul(shnum)?)
}
