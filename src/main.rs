//! The chancery binary: parse the command line, run the library, map the outcome to an exit code.

use clap::Parser;

// Parsing allocates many small strings; mimalloc serves them faster than
// the system allocator (see README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc 3's `mi_option_purge_delay` (its place in `mi_option_t`; the
// sys crate names no constant for it). A build frees and reallocates chunks
// of parsed text all along; purged memory came back as fresh pages that the
// kernel zeroed again, a tenth of a build's time. Memory is reused instead.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

fn main() -> std::process::ExitCode {
    // SAFETY: sets a plain option of the allocator linked above; -1 means never purge.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let cli = chancery::cli::Cli::parse();
    match chancery::commands::run(cli) {
        Ok(code) => std::process::ExitCode::from(code as u8),
        Err(err) => {
            let code = err.exit_code();
            eprintln!("chancery: {:#}", anyhow::Error::from(err));
            std::process::ExitCode::from(code as u8)
        }
    }
}
