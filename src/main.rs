//! Press Check: the game (no arguments) and the command-line tools (subcommands).

fn main() -> std::process::ExitCode {
    presscheck::launch::main()
}
