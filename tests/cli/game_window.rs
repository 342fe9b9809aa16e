//! The game opens a real window (Xvfb and Mesa's software Vulkan in CI), renders and exits cleanly after a set number of frames.

use super::{presscheck, root};
use std::path::Path;

/// How many different colours a PNG has: a blank or failed render has very few.
pub fn distinct_colours(path: &Path) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("screenshot written"),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let pixels = &buf[..info.buffer_size()];
    let bytes_per_pixel = pixels.len() / (info.width * info.height) as usize;
    let distinct: std::collections::BTreeSet<&[u8]> = pixels.chunks(bytes_per_pixel).collect();
    distinct.len()
}

#[test]
fn game_window_renders_and_exits_after_a_set_number_of_frames() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run the tests under xvfb-run, as scripts/test does"
    );
    let shot = root().join("target/e2e-smoke/title.png");
    let _ = std::fs::remove_file(&shot);
    let out = presscheck()
        .env("PRESSCHECK_EXIT_AFTER_FRAMES", "40")
        .env("PRESSCHECK_SCREENSHOT", &shot)
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let info = decoder.read_info().unwrap().info().clone();
    assert_eq!((info.width, info.height), (1280, 720));
    assert!(
        distinct_colours(&shot) > 20,
        "the screenshot is nearly blank"
    );
}
