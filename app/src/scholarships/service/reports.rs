//! What people read: a programme's budget page and its ledger (also as CSV), and a person's
//! own scholarships.

use super::*;

/// An administrator's budget page: balances, the review queue, and the ledger.
pub async fn budget_page(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    locale: Locale,
) -> Result<BudgetPage, DomainError> {
    budget_reader(caller)?;
    let programme = get_programme(db, caller, id, locale).await?;
    let applications = scholarship_application::Entity::find()
        .filter(scholarship_application::Column::ProgrammeId.eq(id))
        .order_by_asc(scholarship_application::Column::Id)
        .all(db)
        .await?;
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(applications.iter().map(|a| a.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let grants = grant::Entity::find()
        .filter(grant::Column::ProgrammeId.eq(id))
        .all(db)
        .await?;
    let mut applications: Vec<ScholarshipApplicationView> = applications
        .iter()
        .map(|a| {
            application_view(
                a,
                &programme.name,
                people.iter().find(|p| p.id == a.user_id),
                grants
                    .iter()
                    .find(|g| g.application_id == a.id)
                    .map(|g| g.amount),
            )
        })
        .collect();
    applications.sort_by_key(|a| a.status != ApplicationStatus::Submitted.code());
    let ledger = ledger_rows(db, id).await?;
    Ok(BudgetPage {
        programme,
        applications,
        ledger,
    })
}

async fn ledger_rows(db: &DatabaseConnection, id: i64) -> Result<Vec<LedgerRow>, DomainError> {
    let rows = scholarship_ledger::Entity::find()
        .filter(scholarship_ledger::Column::ProgrammeId.eq(id))
        .order_by_asc(scholarship_ledger::Column::Id)
        .all(db)
        .await?;
    let actors = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerRow {
            id: r.id,
            at: r.created_at.to_rfc3339(),
            actor: r
                .actor_id
                .and_then(|a| actors.iter().find(|u| u.id == a))
                .map(|u| u.full_name.clone())
                .unwrap_or_default(),
            kind: r.kind,
            amount: format_cents(r.amount),
            grant_id: r.grant_id,
            enrollment_id: r.enrollment_id,
            reason: r.reason,
        })
        .collect())
}

/// The ledger of a programme as CSV (RFC 4180), for those who read budgets.
pub async fn ledger_csv(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
) -> Result<String, DomainError> {
    budget_reader(caller)?;
    let p = scholarship_programme::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let rows = ledger_rows(db, id).await?.into_iter().map(|r| {
        [
            r.id.to_string(),
            r.at,
            r.kind,
            r.amount,
            p.currency.clone(),
            r.grant_id.map(|g| g.to_string()).unwrap_or_default(),
            r.enrollment_id.map(|e| e.to_string()).unwrap_or_default(),
            r.actor,
            r.reason,
        ]
    });
    Ok(crate::csv_export::csv(
        &[
            "id",
            "at",
            "kind",
            "amount",
            "currency",
            "grant_id",
            "enrollment_id",
            "actor",
            "reason",
        ],
        rows,
    ))
}

/// The signed-in person's scholarships: programmes open to them, their applications, and
/// their grants with what each has paid for.
pub async fn my_scholarships(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<ScholarshipsOverview, DomainError> {
    let person = user::Entity::find_by_id(caller.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mine = scholarship_application::Entity::find()
        .filter(scholarship_application::Column::UserId.eq(caller.id))
        .order_by_desc(scholarship_application::Column::Id)
        .all(db)
        .await?;
    let programmes = scholarship_programme::Entity::find()
        .order_by_desc(scholarship_programme::Column::Id)
        .all(db)
        .await?;
    let today = Utc::now().date_naive();
    let mut open = Vec::new();
    for p in &programmes {
        let applied = mine.iter().any(|a| a.programme_id == p.id);
        let eligible = may_apply(
            today,
            p.opens,
            p.closes,
            &list(&p.eligible_countries),
            &list(&p.eligible_affiliations),
            &person.country,
            &person.affiliation,
        )
        .is_ok();
        if eligible
            && !applied
            && allowed(&caller.roles, Action::ApplyForScholarship, Relation::Own)
        {
            open.push(programme_view(db, p.clone(), caller, locale).await?);
        }
    }
    let grants = grant::Entity::find()
        .filter(grant::Column::UserId.eq(caller.id))
        .order_by_asc(grant::Column::Id)
        .all(db)
        .await?;
    let name_of = |id: i64| {
        programmes
            .iter()
            .find(|p| p.id == id)
            .map(|p| name_in(p, locale))
            .unwrap_or_default()
    };
    let applications = mine
        .iter()
        .map(|a| {
            application_view(
                a,
                &name_of(a.programme_id),
                Some(&person),
                grants
                    .iter()
                    .find(|g| g.application_id == a.id)
                    .map(|g| g.amount),
            )
        })
        .collect();
    let mut grant_views = Vec::new();
    for g in grants {
        let commitments = grant_commitment::Entity::find()
            .filter(grant_commitment::Column::GrantId.eq(g.id))
            .order_by_asc(grant_commitment::Column::Id)
            .all(db)
            .await?;
        let mut views = Vec::new();
        for c in commitments {
            let code = match enrollment::Entity::find_by_id(c.enrollment_id)
                .one(db)
                .await?
            {
                Some(e) => offering_code(db, e.offering_id).await?,
                None => String::new(),
            };
            views.push(CommitmentView {
                id: c.id,
                enrollment_id: c.enrollment_id,
                module_code: code,
                amount: format_cents(c.amount),
                status: c.status,
            });
        }
        let currency = programmes
            .iter()
            .find(|p| p.id == g.programme_id)
            .map(|p| p.currency.clone())
            .unwrap_or_default();
        grant_views.push(GrantView {
            id: g.id,
            programme_id: g.programme_id,
            programme_name: name_of(g.programme_id),
            currency,
            amount: format_cents(g.amount),
            committed: format_cents(g.committed),
            spent: format_cents(g.spent),
            available: format_cents(g.amount - g.committed - g.spent),
            covered_modules: covered_modules(db, g.programme_id, locale).await?,
            commitments: views,
        });
    }
    Ok(ScholarshipsOverview {
        open,
        applications,
        grants: grant_views,
    })
}
