//! `tavolo indicators`: the figures for offices and funders, and the filter that
//! `export xlsx` shares.

use std::io::Write;

use tavolo::vocabulary::{MeetingKind, Theme};
use tavolo::{indicators, Store};

/// Which meetings the indicators count (held meetings only).
#[derive(clap::Args)]
pub struct FilterArgs {
    /// First day included (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day included (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// A territory id (region, province, municipality or district) and all within it.
    #[arg(long, value_name = "ID")]
    pub territory: Option<String>,
    /// health, education, work, housing, other
    #[arg(long)]
    pub theme: Option<String>,
    /// focus_group, thematic_table, workshop, seminar, training, final_workshop
    #[arg(long)]
    pub kind: Option<String>,
}

impl FilterArgs {
    pub fn into_filter(self) -> tavolo::Result<indicators::Filter> {
        Ok(indicators::Filter {
            from: self.from,
            to: self.to,
            territory_id: self.territory,
            theme: self.theme.map(|t| Theme::parse("theme", &t)).transpose()?,
            kind: self
                .kind
                .map(|k| MeetingKind::parse("kind", &k))
                .transpose()?,
            meeting_id: None,
        })
    }
}

/// Prints the figures, as a table or as JSON.
pub fn run(
    filter: FilterArgs,
    json: bool,
    store: &Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let filter = filter.into_filter()?;
    let i = store.read(|c| indicators::compute(c, &filter))?;
    let figures = [
        ("meetings_held", i.meetings_held),
        ("participations", i.participations),
        ("people", i.people),
        ("public_operators", i.public_operators),
        ("private_operators", i.private_operators),
        ("organisations", i.organisations),
        ("territories", i.territories),
        ("notes", i.notes),
    ];
    if json {
        let mut map: serde_json::Map<String, serde_json::Value> = figures
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
            .collect();
        let group = |g: &[(String, i64)]| {
            serde_json::Value::Object(
                g.iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(*v)))
                    .collect(),
            )
        };
        map.insert("meetings_by_theme".into(), group(&i.meetings_by_theme));
        map.insert("meetings_by_month".into(), group(&i.meetings_by_month));
        map.insert(
            "organisations_by_kind".into(),
            group(&i.organisations_by_kind),
        );
        map.insert("notes_by_kind".into(), group(&i.notes_by_kind));
        map.insert("groups_active".into(), i.groups_active.into());
        map.insert("group_members".into(), i.group_members.into());
        map.insert("actions_by_status".into(), group(&i.actions_by_status));
        writeln!(out, "{}", serde_json::Value::Object(map))?;
    } else {
        for (k, v) in figures {
            writeln!(out, "{k:<20} {v:>8}")?;
        }
    }
    Ok(())
}
