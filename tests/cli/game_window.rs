//! The game opens a real window (Xvfb and Mesa's software Vulkan in CI), renders and exits cleanly after a set number of frames.

use super::{presscheck, root};
use std::path::Path;

/// A screenshot's pixels, and how many bytes each takes.
fn pixels_of(path: &Path) -> (Vec<u8>, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("screenshot written"),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let bytes_per_pixel = buf.len() / (info.width * info.height) as usize;
    (buf, bytes_per_pixel)
}

/// How many different colours a PNG has: a blank or failed render has very few.
pub fn distinct_colours(path: &Path) -> usize {
    let (pixels, bytes_per_pixel) = pixels_of(path);
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

/// Pixels within a small distance of `colour` (RGB).
fn pixels_near(path: &Path, colour: [u8; 3]) -> usize {
    let (pixels, bpp) = pixels_of(path);
    pixels
        .chunks(bpp)
        .filter(|p| {
            p[..3]
                .iter()
                .zip(colour)
                .all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= 24)
        })
        .count()
}

#[test]
fn a_copied_binary_shows_its_text_and_a_broken_scenario_in_the_window() {
    assert!(std::env::var_os("DISPLAY").is_some(), "run under xvfb-run");
    // The binary alone, in a folder of its own, run from an empty folder: nothing it needs lies beside it.
    let elsewhere = tempfile::tempdir().unwrap();
    let exe = elsewhere.path().join("presscheck");
    std::fs::copy(assert_cmd::cargo::cargo_bin("presscheck"), &exe).unwrap();
    let cwd = tempfile::tempdir().unwrap();
    // Its scenario folder holds a pipe named like a scenario, which must not freeze it.
    let scenarios = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.ron"),
        scenarios.path().join("minimal.ron"),
    )
    .unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(scenarios.path().join("pipe.ron"))
            .status()
            .unwrap()
            .success()
    );
    let broken = cwd.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, id: \"x\",").unwrap();
    let shot = root().join("target/e2e-smoke/broken-scenario.png");
    let _ = std::fs::remove_file(&shot);
    let out = assert_cmd::Command::new(&exe)
        .current_dir(cwd.path())
        .arg("--scenario")
        .arg(&broken)
        .env("PRESSCHECK_SCENARIOS", scenarios.path())
        .env("PRESSCHECK_DATA_DIR", cwd.path().join("data"))
        .env("PRESSCHECK_EXIT_AFTER_FRAMES", "40")
        .env("PRESSCHECK_SCREENSHOT", &shot)
        .env_remove("BEVY_ASSET_ROOT")
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        distinct_colours(&shot) > 20,
        "the screenshot is nearly blank"
    );
    // The title screen says, in the danger colour, that the file could not be opened.
    let red = pixels_near(&shot, [224, 85, 77]);
    assert!(red > 200, "no error shown in the window ({red} red pixels)");
}
