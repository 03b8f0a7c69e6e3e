//! `thrive`: parse the command line and hand over; everything lives in the library.
fn main() -> std::process::ExitCode {
    thrive::cli::main()
}
