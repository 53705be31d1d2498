//! The one setting govwiki makes to the C library's memory allocator, and the crate's only
//! unsafe code.
//!
//! glibc gives a block of at least 128 KiB a mapping of its own, which goes back to the
//! system as soon as the block is freed. But it raises that threshold to the size of every
//! such block freed, up to 32 MiB: once a build had freed its first string of megabytes (the
//! scheme's SVG, the search index), every block below that size came from the threads' heaps
//! instead, and stayed resident after it was freed, raising a build's peak after its memory
//! in use had gone down. Fixing the threshold at glibc's own starting value keeps large
//! blocks in mappings of their own, at no cost in time that a build shows.
#![allow(unsafe_code)]

/// The size from which a block gets a mapping of its own: glibc's default.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Fixes the size from which glibc maps a block on its own (see the module's documentation).
/// A program that builds a site once calls it as it starts; elsewhere than on glibc it does
/// nothing.
///
/// A program that rebuilds again and again, as the live server does, is better off without:
/// each rebuild makes and drops the same large blocks (the search index's text, the list of
/// output files), which glibc's own way keeps in the heaps for the next rebuild, while a
/// fixed threshold maps and zeroes them anew every time, which lengthens every edit's way to
/// the reload.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes a setting of the allocator, under the allocator's
        // own lock, and may be called at any time from any thread. It returns 0 for a setting
        // it refuses, which leaves the allocator as it was: nothing to do then.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        }
    }
}
