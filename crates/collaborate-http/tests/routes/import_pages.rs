//! The questionnaire import's pages: a file checked and every row shown before anything is
//! written, then imported; a file with problems refused with every problem by line.

use crate::browser::Browser;
use crate::fixture::World;

fn admin(world: &World) -> Browser<'_> {
    Browser::signed_in(&world.client, &world.admin)
}

const FILE: &str = "\u{FEFF}Email,Display Name,Organisation,Strength_1,Need_1\r\n\
    new@example.org,New Person,Park High,curriculum > ks3 SCIENCE,Budgets\r\n\
    member@example.org,member,,Wellbeing > Staff wellbeing,\r\n";

#[tokio::test]
async fn a_file_is_previewed_row_by_row_then_imported_with_links_to_hand_on() {
    let world = World::new().await;
    let admin = admin(&world);
    let path = format!("/groups/{}/admin/imports", world.group);
    let form = admin.get(&path).await;
    assert!(form.shows("enctype=\"multipart/form-data\""));
    let preview = admin
        .upload(&path, &form.form_token(), FILE.as_bytes())
        .await;
    assert_eq!(preview.status, 200, "{}", preview.html);
    assert!(preview.shows("Check before importing"));
    assert!(preview.shows("1 new person"));
    assert!(preview.shows("0 people updated"));
    assert!(preview.shows("1 member keeps their own profile"));
    assert!(preview.shows("Kept as they made it"));
    assert!(preview.shows("nothing changed: the member keeps their own"));
    assert!(preview.shows("<th scope=\"row\">new@example.org</th>"));
    assert!(preview.shows("Import 2 rows"));
    assert!(
        !preview.shows("/invitations/"),
        "a preview makes no invitation"
    );
    let members = format!("/groups/{}/admin/members", world.group);
    assert!(
        !admin.get(&members).await.shows("new@example.org"),
        "nothing written yet"
    );

    let file = preview.field_value("file");
    let done = admin
        .post(&path, &preview.form_token(), &[("file", &file)])
        .await;
    assert_eq!(done.status, 200, "{}", done.html);
    assert!(done.shows("<h1>Imported</h1>"));
    assert!(done.shows("Links to hand on"));
    assert!(done.shows("http://localhost/invitations/"));
    assert!(admin.get(&members).await.shows("new@example.org"));
}

#[tokio::test]
async fn an_admin_who_hands_links_out_imports_and_downloads_them_as_a_spreadsheet() {
    let world = World::new().await;
    let admin = admin(&world);
    let path = format!("/groups/{}/admin/imports", world.group);
    let form = admin.get(&path).await;
    let preview = admin
        .upload(&path, &form.form_token(), FILE.as_bytes())
        .await;
    assert!(preview.shows("download the links to hand on (CSV)"));
    let file = preview.field_value("file");
    let sheet = admin
        .post(
            &path,
            &preview.form_token(),
            &[("file", &file), ("format", "csv")],
        )
        .await;
    assert_eq!(sheet.status, 200, "{}", sheet.html);
    assert!(
        sheet.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("links-to-hand-on.csv")
    );
    assert_eq!(sheet.headers["cache-control"], "no-store");
    let mut lines = sheet.html.lines();
    assert_eq!(lines.next(), Some("\u{FEFF}email,link"));
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("new@example.org,http://localhost/invitations/"),
        "{row}"
    );
    let link = row
        .split_once(',')
        .unwrap()
        .1
        .replace("http://localhost", "");
    let invited = Browser::new(&world.client);
    let page = invited.get(&link).await;
    assert!(
        page.shows("Claim my profile"),
        "the link works: {}",
        page.html
    );
}

#[tokio::test]
async fn a_file_with_problems_is_refused_with_each_by_line_and_nothing_written() {
    let world = World::new().await;
    let admin = admin(&world);
    let path = format!("/groups/{}/admin/imports", world.group);
    let bad = "email,display_name,strength_1\r\nnot-an-email,A,Curriculum > KS3 science\r\nb@example.org,B,Nowhere\r\n";
    let token = admin.get(&path).await.form_token();
    let refused = admin.upload(&path, &token, bad.as_bytes()).await;
    assert_eq!(refused.status, 422);
    assert!(refused.shows("<a href=\"#file\">Nothing was imported"));
    assert!(refused.shows("2 problems in the file"));
    assert!(refused.shows("<td class=\"numeric\">2</td><td>email</td>"));
    assert!(refused.shows("<td class=\"numeric\">3</td><td>strength_1</td>"));
}

#[tokio::test]
async fn only_admins_import_and_a_forged_upload_is_refused() {
    let world = World::new().await;
    let path = format!("/groups/{}/admin/imports", world.group);
    let member = Browser::new(&world.client);
    member.set_cookie("collaborate_session", &world.member);
    assert_eq!(member.get(&path).await.status, 403);
    let token = member
        .get(&format!("/groups/{}", world.group))
        .await
        .form_token();
    assert_eq!(
        member.upload(&path, &token, FILE.as_bytes()).await.status,
        403
    );
    let admin = admin(&world);
    assert_eq!(admin.upload(&path, "", FILE.as_bytes()).await.status, 403);
}
