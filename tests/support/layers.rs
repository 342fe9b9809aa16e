//! Shared by the crates' layer tests: every `crate::` path in a module must name a module declared before it in `lib.rs`.

use std::path::Path;

/// The top-level modules in the order `lib.rs` declares them.
fn declared(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
        })
        .filter(|m| m.ends_with(';'))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect()
}

/// The source of a module: `name.rs`, or every file under `name/`, without comments and tests.
fn source_of(src: &Path, module: &str) -> String {
    let mut files = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        files.push(file);
    }
    let dir = src.join(module);
    if dir.is_dir() {
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
    }
    let mut out = String::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            out.push_str(code);
            out.push('\n');
        }
    }
    out
}

/// Modules named after `crate::` in `code`, including those in `use crate::{a, b}`.
fn uses(code: &str, modules: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end]
                .split(',')
                .map(|n| n.trim().split("::").next().unwrap_or("").trim())
                .collect()
        } else {
            vec![
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(""),
            ]
        };
        for n in names {
            if modules.iter().any(|m| m == n) && !found.iter().any(|f| f == n) {
                found.push(n.to_string());
            }
        }
    }
    found
}

/// Checks that `src`'s modules only use modules declared before them.
pub fn check_layers(src: &Path) {
    let modules = declared(src);
    assert!(modules.len() > 3, "no modules found in {}", src.display());
    let mut wrong = Vec::new();
    for (i, module) in modules.iter().enumerate() {
        for used in uses(&source_of(src, module), &modules) {
            let j = modules.iter().position(|m| *m == used).unwrap();
            if j > i {
                wrong.push(format!(
                    "{module} uses {used}, which lib.rs declares after it"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
