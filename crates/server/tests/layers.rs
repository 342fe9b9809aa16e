//! The crate reads bottom-up: every `crate::` path in a module names a module declared before it in `lib.rs`.

#[path = "../../../tests/support/layers.rs"]
mod layers;

#[test]
fn every_module_uses_only_modules_declared_before_it() {
    layers::check_layers(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
}
