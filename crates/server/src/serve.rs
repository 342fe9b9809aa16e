//! Starting the server: the data folder, the signing key, the database and its migrations, the first trainer account, recovery, and the listener.

use crate::authority::Authority;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::db::{Db, DbError, trainers};
use crate::limiter::Limiter;
use crate::state::{AppState, Shared};
use presscheck_engine::Scenario;
use presscheck_records::SigningKey;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// The name of the first trainer account.
pub const FIRST_TRAINER: &str = "trainer";
/// The signing key's file in the data folder, when no key is set in the environment.
pub const KEY_FILE: &str = "signing.key";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data folder could not be made or used.
    #[error("{}: {source}", path.display())]
    Data {
        /// The folder or file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The signing key could not be had.
    #[error("the signing key: {0}")]
    Key(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// No scenario to offer.
    #[error("no scenario to offer: give --scenarios DIR with valid scenario files")]
    NoScenarios,
    /// The address could not be listened on.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address.
        address: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A password could not be hashed.
    #[error("{0}")]
    Password(String),
}

/// A running server: where it listens, and how to stop it.
pub struct Running {
    /// The address it listens on (the real port when 0 was asked for).
    pub address: SocketAddr,
    /// The first trainer's password, when this start created the account or reset it.
    pub new_password: Option<String>,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting requests, finishes those under way, and waits.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(());
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// Waits until the server stops (Ctrl-C or SIGTERM).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

fn data_error(path: &Path) -> impl FnOnce(std::io::Error) -> ServeError + '_ {
    move |source| ServeError::Data {
        path: path.to_path_buf(),
        source,
    }
}

/// The server's key: from the environment when one is set there, else its own file in the data folder, made on first start.
///
/// The key never leaves the server: records are signed with it, and a
/// trainer checks them with `presscheck verify --key-file DATA/signing.key`.
pub fn signing_key(data: &Path) -> Result<SigningKey, ServeError> {
    if let Some(key) = SigningKey::from_env().map_err(|e| ServeError::Key(e.to_string()))? {
        return Ok(key);
    }
    let path = data.join(KEY_FILE);
    if !path.exists() {
        let key = crate::auth::token();
        presscheck_records::atomic::write_new(data, ".signing-", "signing", "key", key.as_bytes())
            .map_err(data_error(&path))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .map_err(data_error(&path))?;
        }
    }
    SigningKey::from_file(&path).map_err(|e| ServeError::Key(e.to_string()))
}

/// Starts the server with `scenarios`, listening until stopped; `reset_password` sets a new password for the first trainer.
pub async fn start(
    config: Config,
    scenarios: Vec<Scenario>,
    reset_password: bool,
) -> Result<Running, ServeError> {
    let catalog = Catalog::new(scenarios);
    if catalog.is_empty() {
        return Err(ServeError::NoScenarios);
    }
    std::fs::create_dir_all(&config.data).map_err(data_error(&config.data))?;
    let records = config.records_dir();
    std::fs::create_dir_all(&records).map_err(data_error(&records))?;
    let key = signing_key(&config.data)?;
    let db = Db::open(&config.database_url()).await?;
    let mut new_password = None;
    if reset_password || trainers::count(&db).await? == 0 {
        let password = crate::auth::new_password();
        let hash = hash(&password).await?;
        trainers::set(&db, FIRST_TRAINER, &hash).await?;
        new_password = Some(password);
    }
    let authority = Authority::new(db, catalog, key, records, config.limits.clone());
    let recovered = authority.recover().await?;
    if recovered > 0 {
        eprintln!("serve: wrote {recovered} record file(s) that a stop had left unwritten");
    }
    let dummy_hash = hash(&crate::auth::token()).await?;
    let state = AppState(Arc::new(Shared {
        authority,
        joins: Limiter::new(config.limits.joins_per_minute),
        dummy_hash,
        lrs_reports: Default::default(),
        config: config.clone(),
    }));
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Listen {
            address: config.listen,
            source,
        })?;
    let address = listener.local_addr().map_err(|source| ServeError::Listen {
        address: config.listen,
        source,
    })?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = crate::routes::router(state.clone());
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = stopped => {}
                _ = shutdown_signal() => {}
            }
        })
        .await?;
        state.authority.db().close().await;
        Ok(())
    });
    Ok(Running {
        address,
        new_password,
        stop,
        task,
    })
}

async fn hash(password: &str) -> Result<String, ServeError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
        .await
        .map_err(|e| ServeError::Password(e.to_string()))?
        .map_err(ServeError::Password)
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Runs the server on its own runtime until Ctrl-C or SIGTERM, printing where it listens and, once, the first password.
pub fn run(
    config: Config,
    scenarios: Vec<Scenario>,
    reset_password: bool,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Data {
            path: config.data.clone(),
            source,
        })?;
    runtime.block_on(async move {
        let data = config.data.clone();
        let database = crate::db::redact(&config.database_url());
        let scenario_count = scenarios.len();
        let running = start(config, scenarios, reset_password).await?;
        let address = running.address;
        println!("Press Check class server on http://{address}/");
        println!("  trainees: open http://{address}/ and type the session code");
        println!("  trainer:  http://{address}/trainer");
        println!("  {scenario_count} scenario(s); data in {}; database {database}", data.display());
        if let Some(password) = &running.new_password {
            println!();
            println!("  Trainer login: name `{FIRST_TRAINER}`, password {password}");
            println!("  This password is shown only now. `presscheck serve --reset-password` sets a new one.");
        }
        println!("Ready: Ctrl-C stops the server; everything acknowledged is already stored.");
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        running.wait().await.map_err(|source| ServeError::Listen { address, source })
    })
}
