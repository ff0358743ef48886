//! `livret`: the commands are `livret::cmd`; this only runs them. Exit 0 (every audited
//! commitment passed), 1 (a commitment failed), 2 (could not audit) or 3 (no verdict).

fn main() -> std::process::ExitCode {
    livret::cmd::main()
}
