fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The spreadsheet reader's child process (see sheet::workbook): no runtime, no database.
    if args.get(1).is_some_and(|a| a == gonghui::sheet::CHILD_ARG) {
        std::process::exit(gonghui::sheet::child_main(&args[2..]));
    }
    std::process::exit(gonghui::cli::run(args));
}
