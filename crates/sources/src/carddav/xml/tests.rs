//! The multistatus reader on answers as servers write them: Radicale's, Google's
//! prefixes, Nextcloud's 404 propstats, entities and CDATA, a card too large.

use super::*;

fn responses(body: &str) -> (Vec<Response>, Option<String>) {
    let mut all = Vec::new();
    let token = read_multistatus(body.as_bytes(), |r| all.push(r)).unwrap();
    (all, token)
}

#[test]
fn a_sync_collection_answer_gives_changed_removed_and_the_token() {
    let body = r#"<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:"><sync-token>http://radicale.org/ns/sync/e11</sync-token><response><href>/ana/contacts/a.vcf</href><propstat><prop><getetag>"52a"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/ana/contacts/b.vcf</href><status>HTTP/1.1 404 Not Found</status></response></multistatus>"#;
    let (all, token) = responses(body);
    assert_eq!(token.as_deref(), Some("http://radicale.org/ns/sync/e11"));
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].href, "/ana/contacts/a.vcf");
    assert_eq!(all[0].props.etag.as_deref(), Some("\"52a\""));
    assert_eq!(all[0].status, None);
    assert_eq!(
        (all[1].href.as_str(), all[1].status),
        ("/ana/contacts/b.vcf", Some(404))
    );
}

#[test]
fn any_prefix_reads_the_same_and_properties_under_a_404_are_not_there() {
    let body = r#"<D:multistatus xmlns:D="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:x="http://calendarserver.org/ns/">
  <D:response>
    <D:href>/carddav/v1/principals/ana@example.com/lists/default/</D:href>
    <D:propstat><D:prop>
      <D:resourcetype><D:collection/><card:addressbook/></D:resourcetype>
      <D:displayname>Address Book</D:displayname>
      <x:getctag>"ctag-7"</x:getctag>
      <D:supported-report-set><D:supported-report><D:report><D:sync-collection/></D:report></D:supported-report></D:supported-report-set>
    </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
    <D:propstat><D:prop><D:current-user-principal/><card:addressbook-home-set/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
  </D:response>
</D:multistatus>"#;
    let (all, token) = responses(body);
    assert_eq!(token, None);
    let props = &all[0].props;
    assert!(props.address_book && props.collection);
    assert_eq!(props.display_name.as_deref(), Some("Address Book"));
    assert_eq!(props.ctag.as_deref(), Some("\"ctag-7\""));
    assert_eq!(props.reports, Some(true));
    assert_eq!((props.principal.clone(), props.home.clone()), (None, None));
}

#[test]
fn a_principal_and_its_home_are_read_from_their_hrefs() {
    let body = r#"<multistatus xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><response><href>/</href><propstat><prop><current-user-principal><href>/ana/</href></current-user-principal><CR:addressbook-home-set><href> /ana/ </href><href>/other/</href></CR:addressbook-home-set><resourcetype><collection /></resourcetype><supported-report-set><supported-report><report><expand-property /></report></supported-report></supported-report-set></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
    let (all, _) = responses(body);
    let props = &all[0].props;
    assert_eq!(all[0].href, "/");
    assert_eq!(props.principal.as_deref(), Some("/ana/"));
    assert_eq!(props.home.as_deref(), Some("/ana/"));
    assert!(props.collection && !props.address_book);
    assert_eq!(props.reports, Some(false));
}

#[test]
fn a_card_keeps_its_bytes_its_entities_read_and_cdata_alike() {
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana & Bob <co>\r\nX-ODD;A=\"1\":  two  spaces \r\nEND:VCARD\r\n";
    let escaped = card
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    for data in [escaped, format!("<![CDATA[{card}]]>")] {
        let body = format!(
            r#"<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:response><d:href>/a.vcf</d:href><d:propstat><d:prop><d:getetag>W/"1"</d:getetag><c:address-data>{data}</c:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"#
        );
        let (all, _) = responses(&body);
        assert_eq!(all[0].props.address_data.as_deref(), Some(card));
        assert_eq!(all[0].props.etag.as_deref(), Some("W/\"1\""));
    }
}

#[test]
fn a_card_over_the_limit_is_marked_and_not_kept() {
    let big = "NOTE:".to_owned() + &"x".repeat(CARD_LIMIT) + "\r\n";
    let body = format!(
        r#"<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><response><href>/big.vcf</href><propstat><prop><getetag>"1"</getetag><C:address-data>{big}</C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/small.vcf</href><propstat><prop><getetag>"2"</getetag><C:address-data>BEGIN:VCARD</C:address-data></prop></propstat></response></multistatus>"#
    );
    let (all, _) = responses(&body);
    assert!(all[0].props.card_too_large);
    assert_eq!(all[0].props.address_data, None);
    assert!(!all[1].props.card_too_large);
    assert_eq!(all[1].props.address_data.as_deref(), Some("BEGIN:VCARD"));
}

#[test]
fn what_is_not_a_multistatus_is_refused_with_a_reason() {
    let cut_off = r#"<multistatus xmlns="DAV:"><response><href>/a.vcf</href></response><response>"#;
    for (body, reason) in [
        (
            "<html><body>Hello</body></html>",
            "not a WebDAV multistatus",
        ),
        ("not xml at all", "not a WebDAV multistatus"),
        (cut_off, "cut off"),
        (
            r#"<multistatus xmlns="DAV:"><b></multistatus>"#,
            "XML at byte",
        ),
    ] {
        let error = read_multistatus(body.as_bytes(), |_| {}).unwrap_err();
        assert!(error.contains(reason), "{body}: {error}");
    }
}

#[test]
fn bodies_escape_what_they_carry() {
    let body = multiget(&["/a&b.vcf".to_owned(), "/c<d>.vcf".to_owned()]);
    assert!(
        body.contains("<d:href>/a&amp;b.vcf</d:href><d:href>/c&lt;d&gt;.vcf</d:href>"),
        "{body}"
    );
    assert!(sync_collection(None).contains("<d:sync-token/>"));
    assert!(sync_collection(Some("t&1")).contains("<d:sync-token>t&amp;1</d:sync-token>"));
    let mut seen = 0;
    read_multistatus(
        format!(r#"<d:multistatus xmlns:d="DAV:">{}</d:multistatus>"#, "").as_bytes(),
        |_| seen += 1,
    )
    .unwrap();
    assert_eq!(seen, 0);
}

#[test]
fn the_servers_words_are_its_text_or_its_precondition() {
    assert_eq!(
        words(r#"<?xml version='1.0'?><error xmlns="DAV:"><valid-sync-token /></error>"#),
        "valid-sync-token"
    );
    assert_eq!(
        words("<html><body><h1>Forbidden</h1>\n<p>no  way</p></body></html>"),
        "Forbidden no way"
    );
    assert_eq!(words("plain words"), "plain words");
    assert_eq!(words(&"y".repeat(500)).len(), 200);
}
