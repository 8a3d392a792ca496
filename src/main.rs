//! `collaborate`: the server and its command line.

use clap::{Parser, Subcommand, ValueEnum};
use collaborate_core::accounts::AddressCheck;
use collaborate_core::groups::GroupCreators;
use collaborate_core::notifications::{DeliveryPolicy, Postman as _};
use collaborate_core::ports::{Clock as _, Ports};
use collaborate_core::questionnaire::ImportMode;
use collaborate_core::simulated::ManualClock;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::{Argon2Hasher, Collaborate};
use collaborate_http::mail::Mailer;
use collaborate_http::metrics::Metrics;
use collaborate_http::outside::Providers;
use collaborate_http::{BlockingHasher, Catalogue, HttpConfig, Limits};
use collaborate_store::{Engine, SqlStore};
use poem::listener::TcpListener;
use poem::{EndpointExt as _, Server};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

mod demo;
mod import;
mod jobs;
mod outbox;
mod providers;

/// Collaborate: a private, reciprocal peer-support exchange.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log lines as `text` or `json`.
    #[arg(
        long,
        global = true,
        env = "COLLABORATE_LOG_FORMAT",
        default_value = "text"
    )]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API (migrating the database first).
    Serve {
        /// The address to listen on.
        #[arg(long, env = "COLLABORATE_BIND", default_value = DEFAULT_BIND)]
        bind: String,
        /// The database: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
        /// Mark the session cookie `Secure` (serve behind HTTPS).
        #[arg(long, env = "COLLABORATE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Take clients' addresses from the last entry of `X-Forwarded-For`, for the attempt
        /// limits (only behind a proxy that appends it).
        #[arg(long, env = "COLLABORATE_TRUST_FORWARDED_FOR")]
        trust_forwarded_for: bool,
        /// Load a demo group (a region's schools) unless it is loaded already, and print how to
        /// sign in.
        #[arg(long)]
        demo: bool,
        /// Who may create groups, comma-separated: addresses (`head@school.org`) or domains
        /// (`@school.org`); empty lets anyone signed in create one.
        #[arg(long, env = "COLLABORATE_GROUP_CREATORS", default_value = "")]
        group_creators: String,
        /// An OpenID provider to sign in with, beside passwords (repeat for each):
        /// `id=ID,name=NAME,issuer=URL,client_id=ID,secret_file=PATH` (or `secret_env=VAR`).
        /// Its redirect URL is `PUBLIC_URL/sign-in/with/ID/callback`.
        #[arg(long, env = "COLLABORATE_OIDC_PROVIDERS", value_delimiter = ';')]
        oidc_provider: Vec<String>,
        /// Serve `GET /metrics` (Prometheus's text format) on this address of its own, such as
        /// `127.0.0.1:9464`; without it no metrics are served. Keep it off the public network.
        #[arg(long, env = "COLLABORATE_METRICS_BIND")]
        metrics_bind: Option<String>,
        #[command(flatten)]
        mail: MailSettings,
    },
    /// List the outbox's latest messages (waiting, failed or sent), or retry a failed one.
    Outbox {
        /// Only messages in this status: `waiting`, `held`, `gathered`, `sent` or `failed`.
        #[arg(long)]
        status: Option<String>,
        /// How many, newest first.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Send this failed message again.
        #[arg(long, conflicts_with_all = ["status"])]
        retry: Option<String>,
        /// Print this message as its email would read, links included (a server without a
        /// mail server writes only that it has one, for its operator to hand on).
        #[arg(long, conflicts_with_all = ["status", "retry"])]
        show: Option<String>,
        /// The address people reach the server at, for the links of `--show` (default: the
        /// default bound address, over HTTP).
        #[arg(long, env = "COLLABORATE_PUBLIC_URL")]
        public_url: Option<String>,
        /// The database: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
    /// Import a questionnaire file into a group (all or nothing), or print its template.
    Import {
        /// The group, by id or slug.
        #[arg(long, required_unless_present = "template")]
        group: Option<String>,
        /// The questionnaire file (CSV, UTF-8).
        #[arg(required_unless_present = "template")]
        file: Option<PathBuf>,
        /// Say what the import would do, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the questionnaire's template (its header row) and exit.
        #[arg(long, conflicts_with_all = ["group", "file", "dry_run"])]
        template: bool,
        /// The database: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
    /// Copy the SQLite database to FILE while the server runs: a consistent snapshot, restored
    /// by serving it (`--database-url sqlite://FILE?mode=rw`). PostgreSQL is backed up with
    /// `pg_dump`.
    Backup {
        /// Where the copy goes; an existing file is never overwritten.
        file: PathBuf,
        /// The database: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
    /// Check the reports' tallies against the rows they count (exit status 1 if any differ),
    /// or count them again from the rows.
    #[command(group(clap::ArgGroup::new("action").required(true).args(["check", "rebuild"])))]
    Tallies {
        /// Compare every tally with the rows it counts.
        #[arg(long)]
        check: bool,
        /// Count every tally again from the rows, in one transaction, then check them.
        #[arg(long)]
        rebuild: bool,
        /// The database: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
    /// Bring the database schema up to date, then exit.
    Migrate {
        /// The database: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST:PORT/DB`.
        #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
}

/// Where the server listens unless told otherwise.
const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// A SQLite file in the working directory, made if missing.
const DEFAULT_DATABASE: &str = "sqlite://collaborate.db?mode=rwc";

/// How long requests in flight may take to finish after a shutdown signal.
const GRACE: Duration = Duration::from_secs(20);

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_format);
    let outcome = match cli.command {
        Command::Serve {
            bind,
            database_url,
            secure_cookies,
            trust_forwarded_for,
            demo,
            group_creators,
            oidc_provider,
            metrics_bind,
            mail,
        } => {
            let public_url = mail
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{bind}"));
            let providers = oidc_provider
                .iter()
                .filter(|spec| !spec.trim().is_empty())
                .map(|spec| {
                    providers::parse(
                        spec,
                        |v| std::env::var(v).ok(),
                        |f| std::fs::read_to_string(f),
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .and_then(|settings| Providers::new(&public_url, settings));
            match (providers, GroupCreators::parse(&group_creators)) {
                (Ok(providers), Ok(creators)) => {
                    for (id, _) in providers.buttons() {
                        tracing::info!(provider = %id, redirect = %format!("{public_url}/sign-in/with/{id}/callback"), "people may sign in with an OpenID provider");
                    }
                    let config = HttpConfig {
                        secure_cookies,
                        trust_forwarded_for,
                        providers,
                        ..HttpConfig::default()
                    };
                    let listeners = Listeners {
                        bind: &bind,
                        metrics: metrics_bind.as_deref(),
                    };
                    serve(listeners, &database_url, config, demo, creators, &mail).await
                }
                (Err(refused), _) => Err(refused.into()),
                (_, Err(refused)) => Err(refused.into()),
            }
        }
        Command::Outbox {
            status,
            limit,
            retry,
            show,
            public_url,
            database_url,
        } => {
            async {
                let app = app(&database_url).await?;
                let printed = match (retry, show) {
                    (Some(id), _) => outbox::retry(&app, &id).await?,
                    (None, Some(id)) => {
                        let public_url =
                            public_url.unwrap_or_else(|| format!("http://{DEFAULT_BIND}"));
                        let mailer = Mailer::log(
                            "Collaborate <collaborate@localhost>",
                            &public_url,
                            Catalogue::shipped()?,
                        )?;
                        outbox::show(&app, &mailer, &id).await?
                    }
                    (None, None) => outbox::list(&app, status.as_deref(), limit).await?,
                };
                print!("{printed}");
                Ok(())
            }
            .await
        }
        Command::Migrate { database_url } => migrate(&database_url).await,
        Command::Tallies {
            rebuild,
            database_url,
            ..
        } => tallies(&database_url, rebuild).await,
        Command::Backup { file, database_url } => back_up(&database_url, &file).await,
        Command::Import { template: true, .. } => import::print_template().map_err(Into::into),
        Command::Import {
            group,
            file,
            dry_run,
            database_url,
            ..
        } => {
            let mode = if dry_run {
                ImportMode::DryRun
            } else {
                ImportMode::Commit
            };
            let (group, file) = (group.unwrap_or_default(), file.unwrap_or_default());
            async { import::run(&app(&database_url).await?, &group, &file, mode).await }.await
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "stopped");
            eprintln!("collaborate: {error}");
            ExitCode::FAILURE
        }
    }
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Each use case (and, at debug level, each store call) is a span; its closing line says how
    // long it took, so a slow request's log shows where the time went.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

type Failure = Box<dyn std::error::Error>;

/// The application the server runs: the SQL store, Argon2 on the blocking pool, the system's
/// clock and randomness.
type App = Collaborate<Ports<SqlStore, BlockingHasher, SystemClock, RandomIds>>;

async fn connect(database_url: &str) -> Result<SqlStore, Failure> {
    let store = SqlStore::connect(database_url).await?;
    store.migrate().await?;
    Ok(store)
}

async fn migrate(database_url: &str) -> Result<(), Failure> {
    connect(database_url).await?;
    tracing::info!("the database schema is up to date");
    Ok(())
}

async fn back_up(database_url: &str, file: &std::path::Path) -> Result<(), Failure> {
    SqlStore::connect(database_url)
        .await?
        .back_up_to(file)
        .await?;
    tracing::info!(file = %file.display(), "the database is backed up");
    Ok(())
}

async fn tallies(database_url: &str, rebuild: bool) -> Result<(), Failure> {
    let store = connect(database_url).await?;
    if rebuild {
        store.rebuild_tallies().await?;
        tracing::info!("the tallies are counted again from the rows");
    }
    let differences = store.tally_differences().await?;
    for (group, cells) in &differences {
        tracing::warn!(group = %group.as_uuid(), cells, "tallies differ from the rows");
    }
    if differences.is_empty() {
        tracing::info!("every tally equals the count of its rows");
        Ok(())
    } else {
        Err(Failure::from(format!(
            "the tallies of {} groups differ from their rows: run `collaborate tallies --rebuild`",
            differences.len()
        )))
    }
}

/// The application over the database at `database_url`, migrated.
async fn app(database_url: &str) -> Result<App, Failure> {
    let store = connect(database_url).await?;
    let hasher = BlockingHasher::new(Argon2Hasher::recommended()?);
    Ok(Collaborate::new(store, hasher, SystemClock, RandomIds))
}

/// How the server sends email.
#[derive(Debug, clap::Args)]
struct MailSettings {
    /// The SMTP server: `smtp://[USER:PASSWORD@]HOST[:PORT]` (STARTTLS when offered; add
    /// `?tls=required` to insist) or `smtps://…`; without it, emails are written to the log.
    #[arg(long, env = "COLLABORATE_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of every email.
    #[arg(
        long,
        env = "COLLABORATE_MAIL_FROM",
        default_value = "Collaborate <collaborate@localhost>"
    )]
    mail_from: String,
    /// The address people reach the server at, for the links in emails (default: the bound
    /// address, over HTTP).
    #[arg(long, env = "COLLABORATE_PUBLIC_URL")]
    public_url: Option<String>,
}

impl MailSettings {
    fn postman(&self, bind: &str) -> Result<Mailer, Failure> {
        let public_url = self
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bind}"));
        let catalogue = Catalogue::shipped()?;
        let mailer = match &self.smtp_url {
            Some(url) => Mailer::smtp(url, &self.mail_from, &public_url, catalogue)?,
            None => {
                tracing::info!("no SMTP server is set: emails are written to the log");
                Mailer::log(&self.mail_from, &public_url, catalogue)?
            }
        };
        Ok(mailer)
    }
}

/// Where the server listens: for people, and for the operator's metrics if asked.
struct Listeners<'a> {
    bind: &'a str,
    metrics: Option<&'a str>,
}

async fn serve(
    listeners: Listeners<'_>,
    database_url: &str,
    mut config: HttpConfig,
    demo: bool,
    creators: GroupCreators,
    mail: &MailSettings,
) -> Result<(), Failure> {
    let bind = listeners.bind;
    let postman = mail.postman(bind)?;
    let mut store = connect(database_url).await?;
    let metrics = listeners.metrics.map(|_| Arc::new(Metrics::default()));
    if let Some(metrics) = &metrics {
        let counted = Arc::clone(metrics);
        store.observe_queries(move |took| counted.statement(took));
        config.metrics = Some(Arc::clone(metrics));
    }
    let pool = store.clone();
    let hasher = BlockingHasher::new(Argon2Hasher::recommended()?);
    if demo {
        // The demo's oldest requests are made a month back, so some have expired by now.
        let month_ago = SystemClock.now() - time::Duration::days(30);
        let past = Collaborate::new(
            store.clone(),
            hasher.clone(),
            ManualClock::starting_at(month_ago),
            RandomIds,
        );
        let app = Collaborate::new(store.clone(), hasher.clone(), SystemClock, RandomIds);
        demo::load(&app, &past).await?;
    }
    // Only a server that sends email can check that people read mail at the addresses they give.
    let addresses = if postman.keeps_letters_for_the_operator() {
        AddressCheck::Unchecked
    } else {
        AddressCheck::Checked
    };
    let app = Arc::new(
        Collaborate::new(store, hasher, SystemClock, RandomIds)
            .checking_addresses(addresses)
            .restricting_group_creation(creators),
    );
    let catalogue = Catalogue::shipped()?;
    // One process counts attempts in memory; processes sharing PostgreSQL count them together.
    let limits = match pool.engine() {
        Engine::Postgres => Limits::default().counted_by(Arc::new(pool.clone())),
        Engine::Sqlite => Limits::default(),
    };
    let limits = Arc::new(limits);
    let work = tokio::spawn(jobs::run(
        Arc::clone(&app),
        postman,
        DeliveryPolicy::default(),
        jobs::Schedule::default(),
        metrics.clone(),
    ));
    let metrics_served = match (listeners.metrics, metrics) {
        (Some(address), Some(metrics)) => {
            tracing::info!(address, "serving metrics at /metrics");
            let route = poem::Route::new()
                .at("/metrics", poem::get(serve_metrics))
                .data(metrics)
                .data(pool);
            Some(tokio::spawn(
                Server::new(TcpListener::bind(address.to_owned())).run(route),
            ))
        }
        _ => None,
    };
    let routes = collaborate_http::routes(app, limits, &config, catalogue);
    tracing::info!(
        bind,
        "serving; the web app is at /, the API under /api/v1 and its documentation at /api/docs"
    );
    Server::new(TcpListener::bind(bind))
        .run_with_graceful_shutdown(routes, shutdown_signal(), Some(GRACE))
        .await?;
    work.abort();
    if let Some(served) = metrics_served {
        served.abort();
    }
    tracing::info!("stopped after finishing the requests in flight");
    Ok(())
}

/// Everything counted, with the pool's connections as they are now.
#[poem::handler]
fn serve_metrics(
    metrics: poem::web::Data<&Arc<Metrics>>,
    store: poem::web::Data<&SqlStore>,
) -> poem::Response {
    let (in_use, idle) = store.connections();
    metrics.pool(in_use, idle);
    poem::Response::builder()
        .content_type(collaborate_http::metrics::CONTENT_TYPE)
        .body(metrics.text())
}

/// Resolves at Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
