//! Files written atomically: never half-written, and two writes of one file at
//! once (the app and the CLI, two windows) never spoil each other.

use tavolo::formats::files::write_atomically;

#[test]
fn two_writes_of_one_file_at_once_each_land_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("esportazione.xlsx");
    let contents: Vec<Vec<u8>> = (0..4u8)
        .map(|i| vec![b'a' + i; 256 * 1024 + usize::from(i)])
        .collect();
    std::thread::scope(|s| {
        for body in &contents {
            let path = path.clone();
            s.spawn(move || {
                for _ in 0..25 {
                    write_atomically(&path, body).unwrap();
                }
            });
        }
    });
    let last = std::fs::read(&path).unwrap();
    assert!(
        contents.contains(&last),
        "the file is one whole write, not a mix ({} bytes)",
        last.len()
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["esportazione.xlsx"], "no temporary file left");
}
