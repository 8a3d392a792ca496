//! The OpenID providers an operator configures (`--oidc-provider`, repeatable, or
//! `COLLABORATE_OIDC_PROVIDERS`, `;`-separated): each a comma-separated list of `key=value`,
//! `id=school,name=Our school,issuer=https://login.microsoftonline.com/TENANT/v2.0,client_id=…,secret_file=/run/secrets/entra`
//! (or `secret_env=VARIABLE`), and for Entra ID `verified_claim=xms_edov`. The secret is read from the file or the environment, never
//! taken on the command line, where any user of the machine could read it.

use collaborate_http::outside::{ProviderSettings, VerifiedClaim};

/// Reads one provider's settings; `env` and `file` read a secret.
///
/// # Errors
/// What is missing or unknown, for the operator.
pub fn parse(
    spec: &str,
    env: impl Fn(&str) -> Option<String>,
    file: impl Fn(&str) -> std::io::Result<String>,
) -> Result<ProviderSettings, String> {
    let (mut id, mut name, mut issuer, mut client_id, mut secret) = (None, None, None, None, None);
    let mut verified_claim = VerifiedClaim::default();
    for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not key=value in --oidc-provider"))?;
        let value = value.trim().to_owned();
        match key.trim() {
            "id" => id = Some(value),
            "name" => name = Some(value),
            "issuer" => issuer = Some(value),
            "client_id" => client_id = Some(value),
            "verified_claim" => verified_claim = VerifiedClaim::parse(&value)?,
            "secret_env" => {
                let read = env(&value).ok_or_else(|| {
                    format!("the environment has no {value} for the client secret")
                })?;
                secret = Some(read);
            }
            "secret_file" => {
                let read = file(&value)
                    .map_err(|e| format!("the client secret's file {value} cannot be read: {e}"))?;
                secret = Some(read);
            }
            "secret" | "client_secret" => {
                return Err(
                    "a client secret is read from secret_file= or secret_env=, never from the command line"
                        .to_owned(),
                );
            }
            other => return Err(format!("--oidc-provider does not know {other:?}")),
        }
    }
    let missing = |what: &str| format!("--oidc-provider {spec:?} lacks {what}=");
    let id = id.ok_or_else(|| missing("id"))?;
    Ok(ProviderSettings {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        issuer: issuer.ok_or_else(|| missing("issuer"))?,
        client_id: client_id.ok_or_else(|| missing("client_id"))?,
        client_secret: secret
            .map(|s| s.trim().to_owned())
            .ok_or_else(|| missing("secret_file or secret_env"))?,
        verified_claim,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "ENTRA_SECRET").then(|| "s3cret".to_owned())
    }

    fn file(path: &str) -> std::io::Result<String> {
        if path == "/run/secrets/google" {
            Ok("g-secret\n".to_owned())
        } else {
            Err(std::io::Error::other("no such file"))
        }
    }

    #[test]
    fn a_provider_is_read_with_its_secret_from_the_environment_or_a_file() {
        let entra = parse(
            "id=school,name=Our school,issuer=https://login.microsoftonline.com/t/v2.0,client_id=abc,secret_env=ENTRA_SECRET",
            env,
            file,
        )
        .unwrap();
        assert_eq!(entra.name, "Our school");
        assert_eq!(entra.client_secret, "s3cret");
        assert_eq!(entra.verified_claim, VerifiedClaim::EmailVerified);
        let google = parse(
            "id=google,issuer=https://accounts.google.com,client_id=x,secret_file=/run/secrets/google,verified_claim=xms_edov",
            env,
            file,
        )
        .unwrap();
        assert_eq!(google.name, "google");
        assert_eq!(google.client_secret, "g-secret");
        assert_eq!(google.verified_claim, VerifiedClaim::XmsEdov);
    }

    #[test]
    fn a_secret_on_the_command_line_or_a_missing_one_is_refused() {
        let refused = |spec| parse(spec, env, file).unwrap_err();
        assert!(refused("id=a,issuer=https://x,client_id=c,secret=plain").contains("never"));
        assert!(refused("id=a,issuer=https://x,client_id=c").contains("secret_file"));
        assert!(refused("id=a,issuer=https://x,client_id=c,secret_env=NOPE").contains("NOPE"));
        assert!(refused("id=a,colour=blue").contains("colour"));
    }
}
