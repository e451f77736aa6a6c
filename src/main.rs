use clap::Parser;
use regbox::{config::Config, startup::Application, telemetry};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::parse();
    let app = Application::build(config).await?;
    app.print_banner();
    app.run_until_stopped().await?;
    Ok(())
}
