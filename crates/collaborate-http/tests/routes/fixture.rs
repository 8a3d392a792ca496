//! A server on a fresh SQLite store, and a group with people in every situation.

use collaborate_core::ports::Ports;
use collaborate_core::simulated::ManualClock;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::{Argon2Hasher, Collaborate};
use collaborate_http::{BlockingHasher, Catalogue, HttpConfig, Limits};
use collaborate_store::SqlStore;
use poem::endpoint::BoxEndpoint;
use poem::test::TestClient;
use poem::{EndpointExt, Response};
use serde_json::{Value, json};
use std::sync::Arc;

pub type Client = TestClient<BoxEndpoint<'static, Response>>;

pub const PASSWORD: &str = "a long enough password";

/// A client of a server over a fresh SQLite database, with attempts limited as given.
pub async fn server_with(limits: Limits) -> Client {
    server_configured(limits, &HttpConfig::default()).await
}

/// A client of a server over a fresh SQLite database, limited and configured as given.
pub async fn server_configured(limits: Limits, config: &HttpConfig) -> Client {
    server_reading(limits, config, Catalogue::shipped().unwrap()).await
}

/// A client of a server whose pages read their texts from `catalogue`.
pub async fn server_reading(limits: Limits, config: &HttpConfig, catalogue: Catalogue) -> Client {
    let hasher = BlockingHasher::new(Argon2Hasher::for_tests().unwrap());
    let app = Arc::new(Collaborate::new(
        fresh_store().await,
        hasher,
        SystemClock,
        RandomIds,
    ));
    let routes = collaborate_http::routes(app, Arc::new(limits), config, catalogue);
    TestClient::new(routes.boxed())
}

/// The application of a server whose time moves only when its clock is moved.
pub type ClockedApp = Collaborate<Ports<SqlStore, BlockingHasher, ManualClock, RandomIds>>;

/// A client of a server on `clock`, and its application, to run its background work by hand.
pub async fn server_on(clock: ManualClock) -> (Client, Arc<ClockedApp>) {
    let hasher = BlockingHasher::new(Argon2Hasher::for_tests().unwrap());
    let app = Arc::new(Collaborate::new(
        fresh_store().await,
        hasher,
        clock,
        RandomIds,
    ));
    let routes = collaborate_http::routes(
        Arc::clone(&app),
        Arc::new(Limits::default()),
        &HttpConfig::default(),
        Catalogue::shipped().unwrap(),
    );
    (TestClient::new(routes.boxed()), app)
}

/// The application of a server that checks addresses, as one with mail settings does.
pub type LiveApp = Collaborate<Ports<SqlStore, BlockingHasher, SystemClock, RandomIds>>;

/// A client of a server that checks addresses, its application (to read the links it sent) and
/// the same store as a server that does not check them (to make accounts from before).
pub async fn server_checking_addresses() -> (Client, Arc<LiveApp>, LiveApp) {
    let store = fresh_store().await;
    let hasher = BlockingHasher::new(Argon2Hasher::for_tests().unwrap());
    let unchecked = Collaborate::new(store.clone(), hasher.clone(), SystemClock, RandomIds);
    let app = Arc::new(
        Collaborate::new(store, hasher, SystemClock, RandomIds)
            .checking_addresses(collaborate_core::accounts::AddressCheck::Checked),
    );
    let routes = collaborate_http::routes(
        Arc::clone(&app),
        Arc::new(Limits::default()),
        &HttpConfig::default(),
        Catalogue::shipped().unwrap(),
    );
    (TestClient::new(routes.boxed()), app, unchecked)
}

/// A server checking addresses on a fresh store, whose operator lets only `creators` create
/// groups.
pub async fn server_restricting_groups(creators: &str) -> (Client, Arc<LiveApp>) {
    let store = fresh_store().await;
    let hasher = BlockingHasher::new(Argon2Hasher::for_tests().unwrap());
    let app = Arc::new(
        Collaborate::new(store, hasher, SystemClock, RandomIds)
            .checking_addresses(collaborate_core::accounts::AddressCheck::Checked)
            .restricting_group_creation(
                collaborate_core::groups::GroupCreators::parse(creators).unwrap(),
            ),
    );
    let routes = collaborate_http::routes(
        Arc::clone(&app),
        Arc::new(Limits::default()),
        &HttpConfig::default(),
        Catalogue::shipped().unwrap(),
    );
    (TestClient::new(routes.boxed()), app)
}

/// The newest address link the server sent to `email`.
pub async fn link_to(app: &LiveApp, email: &str) -> String {
    app.outbox(None, 50)
        .await
        .unwrap()
        .into_iter()
        .find(|m| {
            m.to.as_str() == email
                && m.notice == collaborate_core::notifications::Notice::AddressProof
        })
        .and_then(|m| m.secret)
        .expect("a link went to the address")
        .expose()
        .to_owned()
}

/// Registers `email` where addresses are checked and opens the link sent: a session token of
/// an account whose address is proved.
pub async fn proved(client: &Client, app: &LiveApp, email: &str) -> String {
    let body = json!({"email": email, "password": PASSWORD, "display_name": "Proved"});
    let (status, _) = call(client, "POST", "/api/v1/accounts", None, Some(body)).await;
    assert_eq!(status, 202);
    let link = link_to(app, email).await;
    let confirm = format!("/api/v1/address-confirmations/{link}");
    let (status, session) = call(
        client,
        "POST",
        &confirm,
        None,
        Some(json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 201, "{session}");
    session["token"].as_str().unwrap().to_owned()
}

/// A store over a fresh SQLite file, migrated.
pub async fn fresh_store() -> SqlStore {
    let path = std::env::temp_dir().join(format!(
        "collaborate-http-{}.db",
        uuid::Uuid::now_v7().simple()
    ));
    let store = SqlStore::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
}

pub async fn server() -> Client {
    server_with(Limits::default()).await
}

/// Sends `method path` with an optional bearer token and body (a JSON string goes as a CSV
/// file, anything else as JSON); the status and the answer (a CSV answer as a string), which
/// must be one the document allows.
pub async fn call(
    client: &Client,
    method: &str,
    path: &str,
    token: Option<&str>,
    payload: Option<Value>,
) -> (u16, Value) {
    let mut request = match method {
        "GET" => client.get(path),
        "POST" => client.post(path),
        "PATCH" => client.patch(path),
        "DELETE" => client.delete(path),
        "PUT" => client.put(path),
        other => panic!("no such method {other}"),
    };
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let sent = payload.as_ref().map(|p| match p {
        Value::String(csv) => ("text/csv", csv.clone()),
        json => ("application/json", json.to_string()),
    });
    match payload {
        Some(Value::String(csv)) => {
            request = request.content_type("text/csv").body(csv);
        }
        Some(payload) => request = request.body_json(&payload),
        None => {}
    }
    let response = request.send().await;
    let status = response.0.status().as_u16();
    let content_type = response.0.content_type().unwrap_or_default().to_owned();
    let headers: serde_json::Map<String, Value> = response
        .0
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), Value::String(value))
        })
        .collect();
    let is_csv = content_type.starts_with("text/csv") || content_type.starts_with("text/calendar");
    let text = response.0.into_body().into_string().await.unwrap();
    record(json!({
        "method": method,
        "path": path,
        "request": sent.map(|(kind, body)| json!({"content_type": kind, "body": body})),
        "status": status,
        "headers": headers,
        "body": text,
    }));
    let answer = if is_csv {
        Value::String(text)
    } else {
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    assert_documented(document(client).await, method, path, status, &answer);
    (status, answer)
}

/// Adds `exchange` as one line to the file `COLLABORATE_TEST_EXCHANGES` names, when it names
/// one, for CI to check every exchange against the document with other validators too.
fn record(exchange: Value) {
    use std::io::Write;
    let Some(file) = std::env::var_os("COLLABORATE_TEST_EXCHANGES") else {
        return;
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .unwrap();
    file.write_all(format!("{exchange}\n").as_bytes()).unwrap();
}

/// The served OpenAPI document as JSON Schema (2020-12), fetched once for every test: OpenAPI
/// 3.0's `nullable` becomes a union with `null` where it means that (beside a `type`, as OpenAPI
/// 3.0.3 says: elsewhere it allows nothing), and `#/components/...` references resolve inside
/// the document itself.
static DOCUMENT: tokio::sync::OnceCell<Value> = tokio::sync::OnceCell::const_new();

async fn document(client: &Client) -> &'static Value {
    DOCUMENT
        .get_or_init(|| async {
            let response = client.get("/api/v1/openapi.json").send().await;
            let text = response.0.into_body().into_string().await.unwrap();
            as_json_schema(serde_json::from_str(&text).unwrap())
        })
        .await
}

fn as_json_schema(value: Value) -> Value {
    match value {
        Value::Object(mut object) => {
            let nullable =
                object.remove("nullable") == Some(Value::Bool(true)) && object.contains_key("type");
            let object: serde_json::Map<_, _> = object
                .into_iter()
                .map(|(k, v)| (k, as_json_schema(v)))
                .collect();
            if nullable {
                json!({"anyOf": [Value::Object(object), {"type": "null"}]})
            } else {
                Value::Object(object)
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(as_json_schema).collect()),
        other => other,
    }
}

/// Panics unless the document allows `answer` as the `status` answer to `method path`, checked
/// by a JSON Schema validator. Paths the document does not have are not its business.
fn assert_documented(document: &Value, method: &str, path: &str, status: u16, answer: &Value) {
    let path = path.split('?').next().unwrap_or_default();
    let template = document["paths"].as_object().unwrap().keys().find(|t| {
        let (t, p): (Vec<_>, Vec<_>) = (t.split('/').collect(), path.split('/').collect());
        t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
    });
    let Some(template) = template else { return };
    let operation = &document["paths"][template][method.to_lowercase()];
    if operation.is_null() {
        return;
    }
    let response = &operation["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path}: {status} is not a documented answer: {answer}"
    );
    let wanted = if answer.is_string() {
        "text/csv"
    } else {
        "application/json"
    };
    let Some(media) = response["content"].as_object().and_then(|c| {
        c.iter()
            .find(|(kind, _)| kind.starts_with(wanted))
            .or_else(|| c.iter().next())
            .map(|(_, media)| media)
    }) else {
        assert!(
            answer.is_null(),
            "{method} {path}: {status} documents no body: {answer}"
        );
        return;
    };
    let mut schema = media["schema"].clone();
    schema["components"] = document["components"].clone();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(answer)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path}: the {status} answer breaks its schema: {errors:?}\n{answer}"
    );
}

/// Registers and signs in; the token.
pub async fn person(client: &Client, email: &str) -> String {
    let (status, _) = call(client, "POST", "/api/v1/accounts", None, Some(json!({"email": email, "password": PASSWORD, "display_name": email.split('@').next().unwrap()}))).await;
    assert_eq!(status, 201);
    sign_in(client, email).await
}

pub async fn sign_in(client: &Client, email: &str) -> String {
    let (status, session) = call(
        client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 201, "{session}");
    session["token"].as_str().unwrap().to_owned()
}

pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// A group with an admin, a member, a suspended member and an outsider, each signed in; areas,
/// offers, needs, and a pending request from the member to the admin.
pub struct World {
    pub client: Client,
    pub group: String,
    pub code: String,
    pub areas: Vec<String>,
    pub unused_area: String,
    pub admin: String,
    pub member: String,
    pub suspended: String,
    /// The suspended member's id.
    pub suspended_id: String,
    pub outsider: String,
    pub member_id: String,
    pub offers: std::collections::HashMap<&'static str, Vec<String>>,
    pub needs: std::collections::HashMap<&'static str, String>,
    pub request: String,
    pub invitation: String,
    pub invitation_id: String,
    /// The member's concern about the suspended member.
    pub concern: String,
    /// A Peer Assist the member convened, still a draft.
    pub peer_assist: String,
    /// A matching proposal the admin asked for, not yet confirmed.
    pub proposal: String,
}

/// A month from now, as RFC 3339: a Peer Assist's date with notice to spare.
pub fn in_a_month() -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::days(30))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

pub const ASPECTS: [&str; 3] = ["KS3 science", "Grant bids", "Staff wellbeing"];

pub async fn offer(client: &Client, token: &str, group: &str, area: &str, aspect: &str) -> String {
    let (status, offer) = call(
        client,
        "POST",
        &format!("/api/v1/groups/{group}/offers"),
        Some(token),
        Some(json!({"area_id": area, "aspects": [aspect], "description": "What worked for us", "modes": ["email", "video"]})),
    )
    .await;
    assert_eq!(status, 201, "{offer}");
    id(&offer)
}

impl World {
    pub async fn new() -> Self {
        Self::on(server().await).await
    }

    /// The world on the server of `client`.
    pub async fn on(client: Client) -> Self {
        let admin = person(&client, "admin@example.org").await;
        let (_, created) = call(
            &client,
            "POST",
            "/api/v1/groups",
            Some(&admin),
            Some(json!({"name": "Leeds schools", "growth_mode": "organic"})),
        )
        .await;
        let group = id(&created["group"]);
        let code = created["group"]["settings"]["join_code"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut areas = Vec::new();
        for (name, aspect) in ["Curriculum", "Budgets", "Wellbeing"].iter().zip(ASPECTS) {
            let (_, area) = call(
                &client,
                "POST",
                &format!("/api/v1/groups/{group}/areas"),
                Some(&admin),
                Some(json!({"name": name, "aspects": [aspect]})),
            )
            .await;
            areas.push(id(&area));
        }
        let (_, unused) = call(
            &client,
            "POST",
            &format!("/api/v1/groups/{group}/areas"),
            Some(&admin),
            Some(json!({"name": "Unused"})),
        )
        .await;
        let mut offers = std::collections::HashMap::new();
        let mut needs = std::collections::HashMap::new();
        let mut tokens = vec![("admin", admin.clone())];
        for who in ["member", "suspended"] {
            let token = person(&client, &format!("{who}@example.org")).await;
            let (status, _) = call(
                &client,
                "POST",
                &format!("/api/v1/groups/{group}/join"),
                Some(&token),
                Some(json!({"join_code": code})),
            )
            .await;
            assert_eq!(status, 201);
            tokens.push((who, token));
        }
        for (who, token) in &tokens {
            let mut own = Vec::new();
            for (area, aspect) in areas.iter().zip(ASPECTS) {
                own.push(offer(&client, token, &group, area, aspect).await);
            }
            offers.insert(*who, own);
            let (_, need) = call(
                &client,
                "POST",
                &format!("/api/v1/groups/{group}/needs"),
                Some(token),
                Some(json!({"area_id": areas[0], "description": "Where to start"})),
            )
            .await;
            needs.insert(*who, id(&need));
        }
        let member = tokens[1].1.clone();
        let (_, me) = call(
            &client,
            "GET",
            &format!("/api/v1/groups/{group}/members/me"),
            Some(&member),
            None,
        )
        .await;
        let member_id = id(&me["member"]);
        let (status, sent) = call(
            &client,
            "POST",
            &format!("/api/v1/groups/{group}/requests"),
            Some(&member),
            Some(json!({"offer_id": offers["admin"][1], "message": "Could we talk?", "mode": "email"})),
        )
        .await;
        assert_eq!(status, 201, "{sent}");
        let request = id(&sent["request"]);
        let suspended_token = tokens[2].1.clone();
        let (_, suspended_me) = call(
            &client,
            "GET",
            &format!("/api/v1/groups/{group}/members/me"),
            Some(&suspended_token),
            None,
        )
        .await;
        let (status, _) = call(
            &client,
            "PATCH",
            &format!(
                "/api/v1/groups/{group}/members/{}",
                id(&suspended_me["member"])
            ),
            Some(&admin),
            Some(json!({"status": "suspended"})),
        )
        .await;
        assert_eq!(status, 200);
        let (status, concern) = call(
            &client,
            "POST",
            &format!("/api/v1/groups/{group}/concerns"),
            Some(&member),
            Some(json!({"about": {"member_id": id(&suspended_me["member"])}, "text": "Asked for my home address"})),
        )
        .await;
        assert_eq!(status, 201, "{concern}");
        let suspended = sign_in(&client, "suspended@example.org").await;
        let outsider = person(&client, "outsider@example.org").await;
        let (status, invited) = call(
            &client,
            "POST",
            &format!("/api/v1/groups/{group}/invitations"),
            Some(&admin),
            Some(json!({"email": "outsider@example.org"})),
        )
        .await;
        assert_eq!(status, 201);
        let (status, convened) = call(
            &client,
            "POST",
            &format!("/api/v1/groups/{group}/peer-assists"),
            Some(&member),
            Some(json!({
                "title": "Opening a second site",
                "purpose": "Learn from those who did it",
                "area_ids": [areas[0], areas[1]],
                "starts_at": in_a_month(),
                "duration_minutes": 120,
                "format": "online"
            })),
        )
        .await;
        assert_eq!(status, 201, "{convened}");
        let (status, proposed) = call(
            &client,
            "POST",
            &format!("/api/v1/groups/{group}/matching/proposals"),
            Some(&admin),
            Some(json!({})),
        )
        .await;
        assert_eq!(status, 201, "{proposed}");
        Self {
            peer_assist: id(&convened),
            proposal: id(&proposed),
            client,
            group,
            code,
            areas,
            unused_area: id(&unused),
            admin,
            member,
            suspended,
            suspended_id: id(&suspended_me["member"]),
            outsider,
            member_id,
            offers,
            needs,
            request,
            invitation: invited["token"].as_str().unwrap().to_owned(),
            invitation_id: id(&invited),
            concern: id(&concern),
        }
    }
}
