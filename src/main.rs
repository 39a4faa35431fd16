fn main() {
    std::process::exit(gonghui::cli::run(std::env::args_os()));
}
