use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, Statement};

use crate::helpers::{Engine, fresh_db};

on_both_engines! {
    async fn migrations_go_down_and_up_again(engine: Engine) {
        use migration::{Migrator, MigratorTrait};
        let (db, _guard) = fresh_db(engine).await;
        let applied = Migrator::get_applied_migrations(&db).await.unwrap();
        assert_eq!(applied.len(), Migrator::migrations().len(), "all migrations applied");
        Migrator::down(&db, None).await.unwrap();
        assert!(Migrator::get_applied_migrations(&db).await.unwrap().is_empty());
        Migrator::up(&db, None).await.unwrap();
        assert_eq!(entity::outbox::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(entity::user::Entity::find().count(&db).await.unwrap(), 0);
    }

    async fn concurrent_writers_all_succeed(engine: Engine) {
        // Twenty transactions that read, then write: on SQLite a deferred transaction would
        // fail with SQLITE_BUSY when it upgrades its read lock; IMMEDIATE makes them queue.
        let (db, _guard) = fresh_db(engine).await;
        let mut tasks = Vec::new();
        for i in 0..20 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let txn = app::db::begin_write(&db).await?;
                let _ = entity::outbox::Entity::find().count(&txn).await?;
                app::mail::enqueue(&txn, app::mail::OutgoingMail {
                    to: format!("officer{i}@policia.example.org"),
                    subject: "s".into(),
                    body_text: "b".into(),
                }).await?;
                txn.commit().await
            }));
        }
        for task in tasks {
            task.await.unwrap().expect("every writer commits");
        }
        assert_eq!(entity::outbox::Entity::find().count(&db).await.unwrap(), 20);
    }

    async fn foreign_keys_are_enforced(engine: Engine) {
        let (db, _guard) = fresh_db(engine).await;
        let result = db
            .execute_unprepared("INSERT INTO user_roles (user_id, role) VALUES (424242, 'trainee')")
            .await;
        assert!(result.is_err(), "a role for a missing user is refused");
    }
}

#[tokio::test]
async fn sqlite_runs_with_wal_full_sync_and_a_busy_timeout() {
    let (db, _guard) = fresh_db(Engine::Sqlite).await;
    let pragma = |name: &'static str| {
        let db = db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    format!("PRAGMA {name}"),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|v| v.to_string()))
                .unwrap()
        }
    };
    assert_eq!(pragma("journal_mode").await, "wal");
    assert_eq!(pragma("foreign_keys").await, "1");
    assert_eq!(pragma("synchronous").await, "2", "FULL");
    assert_ne!(pragma("busy_timeout").await, "0");
}

#[tokio::test]
async fn postgres_database_is_created_when_missing() {
    let guard = crate::helpers::TestDatabase::new(Engine::Postgres);
    let db = app::db::connect(&guard.url)
        .await
        .expect("creates the database and connects");
    assert_eq!(app::db::engine_of(&db), app::db::Engine::Postgres);
    db.close().await.unwrap();
}
