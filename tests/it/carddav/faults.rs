//! The client against fakes of what Radicale never does: a server without
//! sync-collection (listed by PROPFIND, its ctag read), a card over 1 MiB left out with
//! its reason, an answer that is not a multistatus, a multiget over the answer limit
//! asked in halves (a listing over it refused), 5xx retried then given up, and a
//! redirected book followed with its method kept.

use kith::config::secret::Secret;
use kith::sources::carddav::client::{Auth, Client, Listed, Skipped};
use kith::sources::carddav::error::CardDavError;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::{client_with, retry};

const BOOK: &str = "/dav/book/";

fn multistatus(inner: &str) -> ResponseTemplate {
    let body = format!(
        r#"<?xml version="1.0"?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/">{inner}</multistatus>"#
    );
    ResponseTemplate::new(207).set_body_raw(body, "text/xml")
}

fn response(href: &str, props: &str) -> String {
    format!(
        "<response><href>{href}</href><propstat><prop>{props}</prop><status>HTTP/1.1 200 OK</status></propstat></response>"
    )
}

fn card(uid: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{uid}\r\nEND:VCARD\r\n")
}

/// A server without sync-collection: it says so in `supported-report-set`
/// (`lists_reports`), or lists no reports and refuses the REPORT with 405.
struct Plain {
    lists_reports: bool,
}

impl Respond for Plain {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let depth = request
            .headers
            .get("depth")
            .map(|d| d.to_str().unwrap().to_owned());
        match (request.method.as_str(), depth.as_deref()) {
            ("PROPFIND", Some("0")) => {
                let reports = if self.lists_reports {
                    "<supported-report-set><supported-report><report><C:addressbook-multiget/></report></supported-report></supported-report-set>"
                } else {
                    ""
                };
                multistatus(&response(
                    BOOK,
                    &format!("<CS:getctag>\"ctag-1\"</CS:getctag>{reports}"),
                ))
            }
            ("PROPFIND", Some("1")) => multistatus(&format!(
                "{}{}{}{}",
                response(
                    BOOK,
                    "<resourcetype><collection/><C:addressbook/></resourcetype>"
                ),
                response(
                    "/dav/book/sub/",
                    "<resourcetype><collection/></resourcetype>"
                ),
                response(
                    "/dav/book/a.vcf",
                    "<getetag>\"a1\"</getetag><resourcetype/>"
                ),
                response("/dav/book/b%20b.vcf", "<getetag>W/\"b1\"</getetag>"),
            )),
            ("REPORT", _) if body.contains("sync-collection") => ResponseTemplate::new(405),
            ("REPORT", _) if body.contains("addressbook-multiget") => {
                let big = format!("NOTE:{}\r\n", "x".repeat(1024 * 1024));
                multistatus(&format!(
                    "{}{}<response><href>/dav/book/c.vcf</href><status>HTTP/1.1 404 Not Found</status></response>",
                    response(
                        "/dav/book/a.vcf",
                        &format!(
                            "<getetag>\"a1\"</getetag><C:address-data>{}</C:address-data>",
                            card("a")
                        )
                    ),
                    // The server spells the path otherwise than it was asked.
                    response(
                        "/dav/book/b b.vcf",
                        &format!(
                            "<getetag>W/\"b1\"</getetag><C:address-data>{big}</C:address-data>"
                        )
                    ),
                ))
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

async fn plain(lists_reports: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Plain { lists_reports })
        .mount(&server)
        .await;
    server
}

fn someone() -> Client {
    client_with("ana", "secret-ana")
}

#[tokio::test]
async fn a_server_without_sync_collection_is_listed_by_propfind() {
    for lists_reports in [true, false] {
        let server = plain(lists_reports).await;
        let book = format!("{}{BOOK}", server.uri());
        let expected = vec![
            Listed {
                href: "/dav/book/a.vcf".into(),
                etag: "\"a1\"".into(),
            },
            Listed {
                href: "/dav/book/b%20b.vcf".into(),
                etag: "W/\"b1\"".into(),
            },
        ];
        for token in [None, Some("an-old-token")] {
            let changes = someone().changes(&book, token).await.unwrap();
            assert_eq!(changes.token, None, "{lists_reports} {token:?}");
            assert!(changes.complete);
            assert_eq!(changes.changed, expected);
            assert!(changes.removed.is_empty());
        }
        let ctag = someone().ctag(&book).await.unwrap();
        assert_eq!(ctag.as_deref(), Some("\"ctag-1\""));
    }
}

#[tokio::test]
async fn a_card_over_a_mebibyte_is_left_out_with_its_reason_and_a_missing_one_silently() {
    let server = plain(true).await;
    let book = format!("{}{BOOK}", server.uri());
    let asked = ["/dav/book/a.vcf", "/dav/book/b%20b.vcf", "/dav/book/c.vcf"].map(String::from);
    let fetched = someone().fetch(&book, &asked).await.unwrap();
    assert_eq!(fetched.cards.len(), 1);
    assert_eq!(
        (
            fetched.cards[0].href.as_str(),
            fetched.cards[0].text.clone()
        ),
        ("/dav/book/a.vcf", card("a"))
    );
    assert_eq!(
        fetched.skipped,
        vec![Skipped {
            href: "/dav/book/b%20b.vcf".into(),
            reason: "the card is over 1 MiB".into()
        }]
    );
    assert_eq!(someone().cards(&book, &asked).await.unwrap(), fetched.cards);
}

#[tokio::test]
async fn an_answer_that_is_not_a_multistatus_is_unreadable_and_says_why() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(207).set_body_string("<html>a proxy's page</html>"))
        .mount(&server)
        .await;
    let error = someone()
        .changes(&format!("{}{BOOK}", server.uri()), Some("t"))
        .await
        .unwrap_err();
    assert!(matches!(error, CardDavError::Unreadable(_)), "{error:?}");
    assert!(
        error.to_string().contains("not a WebDAV multistatus"),
        "{error}"
    );
}

#[tokio::test]
async fn server_errors_are_retried_and_a_lasting_one_is_unreachable() {
    // Two 503s first (mounted first, they are tried first), then the server answers.
    let flaky = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(2)
        .mount(&flaky)
        .await;
    Mock::given(any())
        .respond_with(Plain {
            lists_reports: true,
        })
        .mount(&flaky)
        .await;
    let book = format!("{}{BOOK}", flaky.uri());
    let changes = someone().changes(&book, None).await.unwrap();
    assert_eq!(changes.changed.len(), 2);

    let down = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502))
        .mount(&down)
        .await;
    let bearer = Client::new(Auth::Bearer(Secret::new("ya29.token-x")), retry()).unwrap();
    let error = bearer
        .changes(&format!("{}{BOOK}", down.uri()), None)
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error, CardDavError::Unreachable { tries: 3, .. }),
        "{error:?}"
    );
    assert!(text.contains("502"), "{text}");
    assert!(!text.contains("ya29.token-x"));
    assert_eq!(down.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_redirect_to_another_place_is_followed_keeping_the_method() {
    let server = plain(true).await;
    let moved = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(308).insert_header("Location", format!("{}{BOOK}", server.uri())),
        )
        .mount(&moved)
        .await;
    let changes = someone()
        .changes(&format!("{}/old/", moved.uri()), None)
        .await
        .unwrap();
    assert_eq!(changes.changed.len(), 2);
    let methods: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert!(!methods.contains(&"GET".to_owned()), "{methods:?}");
}

/// A multiget server answering any hrefs asked: `big.vcf` about 20 kB, the others small.
struct Table;

impl Respond for Table {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        if request.method.as_str() == "PROPFIND" {
            let listing: String = (0..200)
                .map(|n| response(&format!("/dav/book/{n}.vcf"), "<getetag>\"1\"</getetag>"))
                .collect();
            return multistatus(&listing);
        }
        let inner: String = body
            .split("<d:href>")
            .skip(1)
            .filter_map(|rest| rest.split("</d:href>").next())
            .map(|href| {
                let mut text = card(href);
                if href.ends_with("big.vcf") {
                    text = text.replace("END:", &format!("NOTE:{}\r\nEND:", "x".repeat(20_000)));
                }
                response(
                    href,
                    &format!("<getetag>\"1\"</getetag><C:address-data>{text}</C:address-data>"),
                )
            })
            .collect();
        multistatus(&inner)
    }
}

#[tokio::test]
async fn an_answer_over_the_limit_is_asked_in_halves_or_refused_as_unreadable() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(Table).mount(&server).await;
    let book = format!("{}{BOOK}", server.uri());
    let small = someone().with_answer_limit(16 * 1024);
    let mut asked: Vec<String> = (0..40).map(|n| format!("/dav/book/{n}.vcf")).collect();
    asked.insert(17, "/dav/book/big.vcf".into());
    let fetched = small.fetch(&book, &asked).await.unwrap();
    assert_eq!(fetched.cards.len(), 40);
    let mut read: Vec<&str> = fetched.cards.iter().map(|c| c.href.as_str()).collect();
    read.sort();
    let mut expected: Vec<&str> = asked
        .iter()
        .map(String::as_str)
        .filter(|h| !h.contains("big"))
        .collect();
    expected.sort();
    assert_eq!(read, expected);
    assert_eq!(
        fetched.skipped,
        vec![Skipped {
            href: "/dav/book/big.vcf".into(),
            reason: "the card is too large to read".into()
        }]
    );
    // A listing has no halves: over the limit it is unreadable, with the reason.
    let error = small.changes(&book, Some("t")).await.unwrap_err();
    assert!(matches!(error, CardDavError::Unreadable(_)), "{error:?}");
    assert!(
        error.to_string().contains("an answer over 16384 bytes"),
        "{error}"
    );
}
