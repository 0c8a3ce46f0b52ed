//! The chancery binary: parse the command line, run the library, map the outcome to an exit code.

use clap::Parser;

// Parsing allocates many small strings; mimalloc serves them faster than
// the system allocator (see README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
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
