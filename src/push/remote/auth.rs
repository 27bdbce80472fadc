//! Signing in to the remote store: the scheme its 401 asks for taken up
//! (Digest, answered with a growing nonce count, or Basic), and the
//! credentials checked with a bodiless request before the first one with a
//! body.

use super::super::digest::{self, Challenge};
use super::{AuthScheme, Call, RemoteError, Session};
use base64::Engine;
use oxhttp::model::header::WWW_AUTHENTICATE;
use oxhttp::model::{Method, Response, StatusCode};

impl Session<'_> {
    /// Before the first request with a body, with credentials: learns what
    /// the server asks for, and checks the credentials, with a bodiless
    /// `GET` of the same URL, so that a refusal comes back as a 401 rather
    /// than as a connection closed in the middle of a body.
    pub(super) fn signed_in(&mut self, call: &Call) -> Result<(), RemoteError> {
        if self.signed || self.remote.credentials.is_none() || call.body.is_empty() {
            return Ok(());
        }
        let probe = Call {
            method: Method::GET,
            uri: call.uri.clone(),
            content_type: None,
            accept: None,
            body: b"",
        };
        let response = self.once(&probe)?;
        if response.status() == StatusCode::UNAUTHORIZED {
            self.learn(call, &response)?;
            if self.once(&probe)?.status() == StatusCode::UNAUTHORIZED {
                self.challenge = None;
                return Err(unauthorized(call, ""));
            }
        }
        self.signed = true;
        Ok(())
    }

    /// One attempt, and a second with credentials if the server asks for
    /// them.
    pub(super) fn authenticated(
        &mut self,
        call: &Call,
    ) -> Result<Response<oxhttp::model::Body>, RemoteError> {
        let response = self.once(call)?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return self.checked(call, response);
        }
        self.learn(call, &response)?;
        let response = self.once(call)?;
        if response.status() == StatusCode::UNAUTHORIZED {
            self.challenge = None;
            return Err(unauthorized(call, ""));
        }
        self.checked(call, response)
    }

    /// Takes up the scheme a 401 asks for (a Digest challenge, or Basic),
    /// or says why the request cannot be authenticated.
    fn learn(
        &mut self,
        call: &Call,
        response: &Response<oxhttp::model::Body>,
    ) -> Result<(), RemoteError> {
        let Some(credentials) = &self.remote.credentials else {
            return Err(unauthorized(call, " (none were given)"));
        };
        let challenges: Vec<&str> = response
            .headers()
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        let digest = Challenge::parse(challenges.iter().copied());
        let basic = digest::offers_basic(challenges.iter().copied());
        match (credentials.scheme, digest) {
            (Some(AuthScheme::Digest) | None, Some(challenge)) => {
                self.challenge = Some(challenge);
                Ok(())
            }
            (Some(AuthScheme::Basic), _) | (None, None) if basic && !self.basic => {
                self.basic = true;
                Ok(())
            }
            _ => Err(unauthorized(call, "")),
        }
    }

    /// The `Authorization` header for this attempt, if credentials are
    /// known to be wanted.
    pub(super) fn authorization(&mut self, call: &Call) -> Option<String> {
        let credentials = self.remote.credentials.as_ref()?;
        if let Some(challenge) = &mut self.challenge {
            self.answered += 1;
            let target = call
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            let cnonce = client_nonce(self.answered);
            return Some(challenge.answer(
                &credentials.user,
                &credentials.password,
                call.method.as_str(),
                &target,
                &cnonce,
            ));
        }
        self.basic.then(|| {
            let pair = format!("{}:{}", credentials.user, credentials.password);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        })
    }
}

fn unauthorized(call: &Call, hint: &'static str) -> RemoteError {
    RemoteError::Unauthorized {
        method: call.method.clone(),
        url: call.uri.to_string(),
        hint,
    }
}

/// A client nonce: unpredictable enough for Digest (it only has to differ
/// between answers), from the clock, the process and a counter.
fn client_nonce(counter: u64) -> String {
    use sha2::{Digest, Sha256};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seed = format!(
        "{}:{}:{:?}:{counter}",
        now.as_nanos(),
        std::process::id(),
        std::thread::current().id()
    );
    Sha256::digest(seed.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
