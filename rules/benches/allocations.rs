//! Heap allocations of one `assess` (validation + evaluation + trace + what-ifs + scores), by a
//! counting allocator: a count, not a time, so it is the same on every machine and run.
//! Run: `cargo bench -p rules --bench allocations`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

include!("common/cases.rs");

const CASES: &[(&str, &str)] = &[
    ("issue example", ISSUE_EXAMPLE),
    ("sparse case", SPARSE_CASE),
];

fn count<R>(f: impl FnOnce() -> R) -> (usize, usize) {
    let (a0, b0) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    std::hint::black_box(f());
    (
        ALLOCATIONS.load(Ordering::Relaxed) - a0,
        BYTES.load(Ordering::Relaxed) - b0,
    )
}

fn main() {
    println!("Allocations per call (counting allocator; goal for assess: < 300)");
    for (name, json) in CASES {
        let record: rules::PatientRecord = serde_json::from_str(json).expect("valid case");
        // The rule data loads on first use, outside the count.
        let _ = rules::assess(&record);
        let valid = record.validate().expect("valid");
        let (va, vb) = count(|| record.validate());
        let (ea, eb) = count(|| rules::evaluate(&valid));
        let (aa, ab) = count(|| rules::assess(&record));
        println!("  {name}: validate {va} ({vb} B), evaluate {ea} ({eb} B), assess {aa} ({ab} B)");
    }
}
