//! Time trackers' exports read as timesheets, each written here exactly as
//! the tool writes its detailed report (column names, order, date and
//! duration formats): Toggl Track, Harvest, Clockify, and the worklogs of
//! Jira and Tempo. None has a driver column; the driver is the Tempo
//! account, epic or component, else the project or task, through the
//! template's aliases. Each export books the same week, so each must give
//! the same Table 4.

use crate::{Test, row};

/// The week every export books: (person, day of March 2019, project, task,
/// hours as h:mm:ss, hours as a decimal).
const BOOKINGS: [(&str, u32, &str, &str, &str, &str); 5] = [
    (
        "Amy Lockwood",
        4,
        "Modifications",
        "Working group",
        "07:30:00",
        "7.50",
    ),
    (
        "Amy Lockwood",
        5,
        "Security & Privacy",
        "",
        "03:45:00",
        "3.75",
    ),
    (
        "Amy Lockwood",
        5,
        "SECAS general",
        "Panel & Board",
        "03:45:00",
        "3.75",
    ),
    ("Ben Tallis", 6, "DQ", "Data checks", "06:00:00", "6.00"),
    ("Ben Tallis", 7, "BAD/TAD", "Drafting", "01:30:00", "1.50"),
];

/// Table 4's hours by driver, as every export must give them.
fn expect_table4(test: &Test) {
    let table4 = test.csv("table4_effort_by_driver.csv");
    let hours = |driver: &str| row(&table4, 1, driver)[4].clone();
    assert_eq!(hours("Modifications and Release Management"), "7.5");
    assert_eq!(hours("Security and Privacy"), "3.75");
    assert_eq!(hours("Panel and Board activities"), "3.75");
    assert_eq!(hours("Data Quality"), "6");
    assert_eq!(hours("BAD/TAD"), "1.5");
    assert_eq!(row(&table4, 1, "Grand Total")[4], "22.5");
    assert_eq!(row(&table4, 1, "Grand Total")[2], "3");
}

fn build(file: &str, text: &str) -> Test {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(dir.join(file), text).expect("write export");
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    test
}

#[test]
fn a_toggl_track_detailed_export() {
    let mut text = String::from(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n",
    );
    for (person, day, project, task, hms, _) in BOOKINGS {
        let email = person.to_lowercase().replace(' ', ".") + "@secas.co.uk";
        text += &format!(
            "{person},{email},SECAS,{project},{task},,No,2019-03-{day:02},09:00:00,2019-03-{day:02},17:00:00,{hms},,\n"
        );
    }
    expect_table4(&build(
        "Toggl_Track_time_entries_2019-03-01_to_2019-03-31.csv",
        &text,
    ));
}

#[test]
fn a_harvest_detailed_time_export() {
    let mut text = String::from(
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n",
    );
    for (person, day, project, task, _, decimal) in BOOKINGS {
        let (first, last) = person.split_once(' ').expect("two names");
        text += &format!(
            "2019-03-{day:02},SECAS,{project},,{task},,{decimal},{decimal},No,No,Yes,{first},{last},Analyst,Yes,0,0,0,0,British Pound - GBP,\n"
        );
    }
    expect_table4(&build(
        "harvest_time_report_from2019-03-01to2019-03-31.csv",
        &text,
    ));
}

#[test]
fn a_clockify_detailed_export() {
    let mut text = String::from(
        "\"Project\",\"Client\",\"Description\",\"Task\",\"User\",\"Group\",\"Email\",\"Tags\",\"Billable\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (h)\",\"Duration (decimal)\",\"Billable Rate (GBP)\",\"Billable Amount (GBP)\"\n",
    );
    for (person, day, project, task, hms, decimal) in BOOKINGS {
        text += &format!(
            "\"{project}\",\"SECAS\",\"\",\"{task}\",\"{person}\",\"\",\"\",\"\",\"No\",\"{day:02}/03/2019\",\"09:00:00\",\"{day:02}/03/2019\",\"17:00:00\",\"{hms}\",\"{decimal}\",\"0.00\",\"0.00\"\n"
        );
    }
    expect_table4(&build(
        "Clockify_Time_Report_Detailed_01_03_2019-31_03_2019.csv",
        &text,
    ));
}

/// A project that is no driver, with a task that is none either, is an
/// error naming the cell, both values and what to add to the template.
#[test]
fn an_export_row_whose_project_and_task_name_no_driver_is_named() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(
        dir.join("toggl.csv"),
        "User,Project,Task,Start date,Duration\nAmy Lockwood,Internal admin,Timesheets,2019-03-04,01:00:00\n",
    )
    .expect("write");
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: toggl.csv › line 2, column B: this export has no driver column, and neither the project \"Internal admin\" nor the task \"Timesheets\" names a driver or an alias of one."
        ),
        "{}",
        run.stderr
    );
}

/// A timesheet whose driver column is headed "Workstream" is read, not
/// left out.
#[test]
fn a_driver_column_headed_workstream() {
    let test = build(
        "timesheet.csv",
        "Date,Name,Workstream,Hours\n04/03/2019,Amy Lockwood,Data Quality,7.5\n05/03/2019,Amy Lockwood,ASO,3\n",
    );
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(row(&table4, 1, "Data Quality")[4], "7.5");
    assert_eq!(row(&table4, 1, "Annual Security Obligations")[4], "3");
}

/// Visits and page views for each day of March 2019, as the exports below
/// carry them, and their month's totals.
fn march_days() -> Vec<(u32, u64, u64)> {
    (1..=31)
        .map(|d| (d, 250 + u64::from(d), 1_400 + 3 * u64::from(d)))
        .collect()
}

fn march_totals() -> (u64, u64) {
    march_days()
        .iter()
        .fold((0, 0), |(v, p), (_, visits, views)| (v + visits, p + views))
}

/// Table 6's March figures (visits, page views) and the run's output.
fn table6_march(file: &str, text: &str) -> ((String, String), crate::Run) {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(dir.join(file), text).expect("write export");
    let run = test.build(&dir).args(["--partial", "--allow-gaps"]).run();
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    let table6 = test.csv("table6_website_statistics.csv");
    let march = |label: &str| row(&table6, 0, label).last().cloned().unwrap_or_default();
    ((march("Visits"), march("Page Views")), run)
}

/// A Universal Analytics CSV with two daily tables, each in its own `#`
/// block with its totals row below, and a summary table between: both
/// daily tables are read.
#[test]
fn a_universal_analytics_csv_with_two_daily_blocks() {
    let block = |title: &str| {
        format!(
            "# ----------------------------------------\n# All Web Site Data\n# {title}\n# 20190301-20190331\n# ----------------------------------------\n\n"
        )
    };
    let (visits, views) = march_totals();
    let mut text = block("Audience Overview");
    text += "Day Index,Sessions\n";
    for (d, v, _) in march_days() {
        text += &format!("{d:02}/03/2019,{v}\n");
    }
    text += &format!(",\"{}\"\n\n", opsreport::text::thousands(visits));
    text += &block("Audience Overview");
    text += "Users,New Users,Sessions\n\"6,129\",\"5,332\",\"8,883\"\n\n";
    text += &block("Audience Overview");
    text += "Day Index,Pageviews\n";
    for (d, _, p) in march_days() {
        text += &format!("{d:02}/03/2019,\"{}\"\n", opsreport::text::thousands(p));
    }
    text += &format!(",\"{}\"\n", opsreport::text::thousands(views));
    let (march, run) = table6_march("Analytics All Web Site Data Audience Overview.csv", &text);
    assert_eq!(march, (visits.to_string(), views.to_string()));
    assert!(!run.stderr.contains("export's total"), "{}", run.stderr);
}

/// A GA4 export writes its totals row above the days: it is checked
/// against them all the same, and a total that disagrees is told.
#[test]
fn a_ga4_export_with_its_totals_row_above_the_days() {
    let (visits, views) = march_totals();
    let export = |total_visits: u64| {
        let mut text = String::from(
            "# ----------------------------------------\n# Reports snapshot\n# Account: SECAS\n# Property: SEC website\n# ----------------------------------------\n#\n# Start date: 20190301\n# End date: 20190331\nDate,Sessions,Views\n",
        );
        text += &format!(",{total_visits},{views}\n");
        for (d, v, p) in march_days() {
            text += &format!("201903{d:02},{v},{p}\n");
        }
        text
    };
    let (march, run) = table6_march("data-export.csv", &export(visits));
    assert_eq!(march, (visits.to_string(), views.to_string()));
    assert!(!run.stderr.contains("export's total"), "{}", run.stderr);
    let (_, run) = table6_march("data-export.csv", &export(visits + 1));
    assert!(
        run.stderr.contains(&format!(
            "the export's total of visits is {}, but its daily rows add to {visits}",
            visits + 1
        )),
        "{}",
        run.stderr
    );
}

/// The template with helpdesk routes added, written beside the test's
/// folder.
fn template_with_routes(test: &Test, routes: &str) -> std::path::PathBuf {
    let builtin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/operations-report.toml"),
    )
    .expect("built-in template");
    let path = test.dir.path().join("template.toml");
    // Top-level arrays of tables may come anywhere after the root keys.
    std::fs::write(&path, format!("{builtin}\n{routes}")).expect("write template");
    path
}

/// Enquiries of March 2019 as a helpdesk system holds them: (day, group,
/// tags, channel), and the category each must land in.
const TICKETS: [(u32, &str, &str, &str, &str); 5] = [
    (
        4,
        "Modifications team",
        "mods, urgent",
        "Email",
        "Modifications",
    ),
    (
        4,
        "Service desk",
        "cio-booking",
        "Email",
        "User CIO Assessments",
    ),
    (5, "Service desk", "contact-change", "Email", "Contact Info"),
    (6, "Modifications team", "", "Email", "Modifications"),
    (7, "Service desk", "general", "Phone", ""),
];

const ROUTES: &str = r#"
[[helpdesk_routes]]
field = "group"
value = "Modifications team"
category = "Modifications"

[[helpdesk_routes]]
field = "tag"
value = "cio-booking"
category = "User CIO Assessments"

[[helpdesk_routes]]
field = "tag"
value = "contact-change"
category = "Contact Info"
"#;

/// Table 5's March column by category, and the telephone count.
fn helpdesk_march(file: &str, text: &str, routes: &str) -> (Vec<(String, String)>, crate::Run) {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(dir.join(file), text).expect("write export");
    let template = template_with_routes(&test, routes);
    let run = test
        .build(&dir)
        .args([
            "--partial",
            "--allow-gaps",
            "--template",
            template.to_str().expect("path"),
        ])
        .run();
    if run.code != 0 {
        return (Vec::new(), run);
    }
    let table5 = test.csv("table5_helpdesk_emails.csv");
    let march: Vec<(String, String)> = table5
        .iter()
        .skip(1)
        .filter(|r| r.last().is_some_and(|v| !v.is_empty() && v != "0"))
        .map(|r| (r[0].clone(), r.last().cloned().unwrap_or_default()))
        .collect();
    (march, run)
}

fn expected_march() -> Vec<(String, String)> {
    [
        ("Contact Info", "1"),
        ("Modifications", "2"),
        ("User CIO Assessments", "1"),
        ("Total", "4"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

fn sorted(mut rows: Vec<(String, String)>) -> Vec<(String, String)> {
    rows.sort();
    rows
}

#[test]
fn a_zendesk_export_routed_by_group_and_tag() {
    let mut text = String::from(
        "Id,Summary,Requester,Requester email,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at\n",
    );
    for (i, (day, group, tags, via, _)) in TICKETS.iter().enumerate() {
        let via = if *via == "Phone" {
            "Phone call (incoming)"
        } else {
            "Mail"
        };
        text += &format!(
            "{},Enquiry {i},Party {i},p{i}@example.com,Party {i},Agent,{group},Enquiry {i},\"{}\",solved,normal,{via},question,2019-03-{day:02} 09:15:00 +0000,2019-03-{day:02} 11:00:00 +0000\n",
            1000 + i,
            tags.replace(',', "")
        );
    }
    // Zendesk's "Via" is not a channel column; its phone ticket stays a
    // ticket, so the one routed nowhere is an error until routed.
    let (march, run) = helpdesk_march("zendesk-tickets.csv", &text, ROUTES);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "this helpdesk export has no category column, and no route in the template matches its group \"Service desk\", tag \"general\""
        ),
        "{}",
        run.stderr
    );
    assert!(march.is_empty());
    let routes = format!(
        "{ROUTES}\n[[helpdesk_routes]]\nfield = \"tag\"\nvalue = \"general\"\ncategory = \"General Queries\"\n"
    );
    let (march, run) = helpdesk_march("zendesk-tickets.csv", &text, &routes);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut expected = expected_march();
    expected.push(("General Queries".into(), "1".into()));
    expected.retain(|(label, _)| label != "Total");
    expected.push(("Total".into(), "5".into()));
    assert_eq!(sorted(march), sorted(expected));
}

#[test]
fn a_freshdesk_export_with_its_source_as_the_channel() {
    let mut text = String::from(
        "Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Tags\n",
    );
    for (i, (day, group, tags, source, _)) in TICKETS.iter().enumerate() {
        text += &format!(
            "{},Enquiry {i},Closed,Low,{source},Question,Agent,{group},2019-03-{day:02} 09:15:00,2019-03-{day:02} 17:00:00,2019-03-{day:02} 12:00:00,2019-03-{day:02} 12:30:00,2019-03-{day:02} 12:30:00,\"{tags}\"\n",
            2000 + i
        );
    }
    // The phone call is counted as a call, without a category.
    let (march, run) = helpdesk_march("freshdesk-tickets.csv", &text, ROUTES);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sorted(march), sorted(expected_march()));
    assert!(
        run.stderr.contains("4 emails in Mar 19, 1 call"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_exchange_message_trace_routed_by_mailbox() {
    let mut text = String::from(
        "\"Received\",\"Sender Address\",\"Recipient Address\",\"Subject\",\"Status\",\"To IP\",\"From IP\",\"Message Size\",\"Message ID\",\"Message Trace ID\"\n",
    );
    for (i, (day, recipient)) in [
        (4, "modifications@secas.co.uk"),
        (5, "applications@secas.co.uk"),
        (6, "modifications@secas.co.uk"),
        (7, "cio@secas.co.uk"),
    ]
    .iter()
    .enumerate()
    {
        text += &format!(
            "\"{day:02}/03/2019 09:15:23\",\"p{i}@example.com\",\"{recipient}\",\"Enquiry {i}\",\"Delivered\",\"\",\"10.0.0.1\",\"20480\",\"<m{i}@example.com>\",\"trace-{i}\"\n"
        );
    }
    let routes = "\n[[helpdesk_routes]]\nfield = \"mailbox\"\nvalue = \"cio@secas.co.uk\"\ncategory = \"User CIO Assessments\"\n";
    let (march, run) = helpdesk_march("MTSummary_Report.csv", &text, routes);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        sorted(march),
        sorted(
            [
                ("Applications", "1"),
                ("Modifications", "2"),
                ("User CIO Assessments", "1"),
                ("Total", "4")
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
        )
    );
}

/// A route to a category the template does not have stops the run at
/// start, naming it and the categories there are.
#[test]
fn a_route_to_no_category_is_refused_at_start() {
    let routes =
        "\n[[helpdesk_routes]]\nfield = \"group\"\nvalue = \"Mods\"\ncategory = \"Modifcations\"\n";
    let (_, run) = helpdesk_march(
        "zendesk.csv",
        "Id,Group,Created at\n1,Mods,2019-03-04\n",
        routes,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the helpdesk route for group \"Mods\" names \"Modifcations\", which is not a helpdesk category"
        ),
        "{}",
        run.stderr
    );
}

/// `7.50` hours as Jira writes a time spent: `7h 30m`.
fn jira_time(decimal: &str) -> String {
    let minutes = (decimal.parse::<f64>().expect("hours") * 60.0).round() as u32;
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}h"),
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// Jira's worklogs as a worklog export writes them from Jira's own fields
/// (`started` as Jira stores it, `timeSpent` and `timeSpentSeconds`): the
/// driver comes from the issue's epic, else its component.
#[test]
fn a_jira_worklog_export_with_seconds() {
    let mut text = String::from(
        "Issue Key,Issue Summary,Project,Epic Name,Component,Author,Started,Time Spent,Time Spent (s),Comment\r\n",
    );
    for (at, (person, day, project, task, _, decimal)) in BOOKINGS.into_iter().enumerate() {
        let seconds = (decimal.parse::<f64>().expect("hours") * 3600.0).round() as u32;
        text += &format!(
            "SEC-{},Worklog {at},SECAS,{project},{task},{person},2019-03-{day:02}T09:00:00.000+0000,{},{seconds},\r\n",
            101 + at,
            jira_time(decimal)
        );
    }
    expect_table4(&build("jira-worklogs-2019-03.csv", &text));
}

/// The same worklogs with the time spent only as Jira writes it, and the
/// start in Jira's own date format (`04/Mar/19 9:00 AM`).
#[test]
fn a_jira_worklog_export_with_time_spent_as_text() {
    let mut text = String::from("Issue Key,Author,Started,Time Spent,Epic Name,Component\r\n");
    for (at, (person, day, project, task, _, decimal)) in BOOKINGS.into_iter().enumerate() {
        text += &format!(
            "SEC-{},{person},{day:02}/Mar/19 9:00 AM,{},{project},{task}\r\n",
            101 + at,
            jira_time(decimal)
        );
    }
    expect_table4(&build("worklogs.csv", &text));
}

/// Days in a time spent (`2d 4h`) are each Jira site's own length: the
/// cell is named, never guessed.
#[test]
fn a_jira_time_spent_in_days_is_named_not_guessed() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(
        dir.join("worklogs.csv"),
        "Issue Key,Author,Started,Time Spent,Epic Name\r\n\
         SEC-1,Amy Lockwood,04/Mar/19 9:00 AM,1h 30m,Data Quality\r\n\
         SEC-2,Amy Lockwood,05/Mar/19 9:00 AM,2d 4h,Data Quality\r\n\
         SEC-3,Amy Lockwood,06/Mar/19 9:00 AM,7.5,Data Quality\r\n",
    )
    .expect("write");
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    // A number alone: hours or seconds?
    assert!(
        run.stderr.contains(
            "error: worklogs.csv › line 4, column D: \"7.5\" is a number with no unit, in a Time Spent column"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: worklogs.csv › line 3, column D: \"2d 4h\" counts time in days or weeks, whose length in hours is each Jira site's own setting"
        ),
        "{}",
        run.stderr
    );
}

/// Tempo's worklog export, with every column Tempo writes in English: the
/// driver is the Tempo account, else the epic.
#[test]
fn a_tempo_worklog_export() {
    let mut text = String::from(
        "\"Issue Key\",\"Issue summary\",\"Hours\",\"Work date\",\"Username\",\"Full name\",\"Period\",\"Account Key\",\"Account Name\",\"Account Lead\",\"Account Category\",\"Account Customer\",\"Activity Name\",\"Component\",\"All Components\",\"Version Name\",\"Issue Type\",\"Issue Status\",\"Project Key\",\"Project Name\",\"Epic\",\"Epic Link\",\"Work Description\",\"Parent Key\",\"Reporter\",\"External Hours\",\"Billed Hours\",\"Issue Original Estimate\",\"Issue Remaining Estimate\"\r\n",
    );
    for (at, (person, day, project, task, _, decimal)) in BOOKINGS.into_iter().enumerate() {
        let user = person.to_lowercase().replace(' ', ".");
        let key = project
            .split_whitespace()
            .next()
            .unwrap_or("X")
            .to_uppercase();
        text += &format!(
            "\"SEC-{}\",\"Worklog {at}\",\"{decimal}\",\"2019-03-{day:02} 00:00\",\"{user}\",\"{person}\",\"\",\"{key}\",\"{project}\",\"Holly Burton\",\"Internal\",\"SECAS\",\"\",\"\",\"\",\"\",\"Task\",\"Done\",\"SEC\",\"SECAS Operations\",\"{task}\",\"SEC-1\",\"\",\"\",\"Holly Burton\",\"\",\"{decimal}\",\"\",\"\"\r\n",
            101 + at
        );
    }
    expect_table4(&build("tempo-worklogs-2019-03.csv", &text));
}
