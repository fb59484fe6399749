//! `appendicitis train | evaluate | predict | probe | bench` (native only; an empty main on wasm).

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    model::cli::main();
}
