//! `taizhang`: no arguments opens the window; subcommands do batch work on `--db PATH`.

use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = match taizhang::cli::parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            eprintln!("{}", taizhang::cli::chinese_usage_error(&e));
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version.
            print!("{}", taizhang::cli::chinese_text(&e.render().to_string()));
            return ExitCode::SUCCESS;
        }
    };
    // The one clock of the program: the system's, unless TAIZHANG_NOW pins it.
    let result = taizhang::clock::Clock::from_env().and_then(|clock| match &cli.command {
        Some(command) => taizhang::cli::run(&cli, command, clock),
        None => taizhang::app::run_window(cli.db.clone(), clock),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
