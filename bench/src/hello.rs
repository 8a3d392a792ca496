//! poem's minimal "hello" route on `BIND` (default 127.0.0.1:8090): the yardstick the HTTP
//! benchmark measures Collaborate's routes against, on the same machine in the same run.

use poem::listener::TcpListener;
use poem::{Route, Server, get, handler};

#[handler]
fn hello() -> &'static str {
    "hello"
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8090".to_owned());
    Server::new(TcpListener::bind(bind))
        .run(Route::new().at("/", get(hello)))
        .await
}
