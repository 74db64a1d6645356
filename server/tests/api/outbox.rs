use std::time::Duration;

use app::mail::{MailKey, OutgoingMail, Queued, claim_next, enqueue, enqueue_keyed};
use chrono::Utc;
use entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use server::mail::{Delivery, Mailer};

use crate::helpers::{Engine, fresh_db, spawn_app, test_config};
use crate::smtp_sink::{Behaviour, SmtpSink};

fn mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Inscripción confirmada: PICAP-HR-101".to_string(),
        body_text: "Estimada participante,\n.\nSu inscripción está confirmada.".to_string(),
    }
}

async fn queue(db: &sea_orm::DatabaseConnection, to: &str) -> i64 {
    let txn = app::db::begin_write(db).await.unwrap();
    let id = enqueue(&txn, mail(to)).await.unwrap();
    txn.commit().await.unwrap();
    id
}

async fn row(db: &sea_orm::DatabaseConnection, id: i64) -> outbox::Model {
    outbox::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

on_both_engines! {
    async fn the_worker_delivers_queued_mail_over_smtp(engine: Engine) {
        let app = spawn_app(engine).await;
        let id = queue(&app.db, "ana.perez@policia.example.org").await;
        let received = app.smtp.wait_for(1, Duration::from_secs(10)).await;
        assert_eq!(received.len(), 1, "the running worker sent it");
        let message = &received[0];
        assert_eq!(message.to, vec!["<ana.perez@policia.example.org>".to_string()]);
        assert!(message.from.contains("no-reply@picap.example.org"));
        let stored = row(&app.db, id).await;
        assert_eq!(message.header("Message-ID").unwrap(), format!("<{}@picap.example.org>", stored.message_id));
        assert!(message.data.contains("inscripci") || message.header("Subject").is_some());
        // The worker marks it sent right after the relay accepted it.
        let mut stored = row(&app.db, id).await;
        for _ in 0..100 {
            if stored.status == "sent" { break; }
            tokio::time::sleep(Duration::from_millis(20)).await;
            stored = row(&app.db, id).await;
        }
        assert_eq!(stored.status, "sent");
        assert!(stored.sent_at.is_some());
        app.stop().await;
    }

    async fn a_message_is_queued_once_per_key(engine: Engine) {
        let (db, _guard) = fresh_db(engine).await;
        let key = || MailKey::new("enrollment-status", "42:enrolled");
        let txn = app::db::begin_write(&db).await.unwrap();
        let first = enqueue_keyed(&txn, key(), mail("ana@policia.example.org")).await.unwrap();
        let Queued::New(id) = first else { panic!("{first:?}") };
        // Again in the same transaction: nothing inserted, and (on PostgreSQL) the transaction
        // is not aborted by the conflict: the rest of the change still commits.
        let again = enqueue_keyed(&txn, key(), mail("ana@policia.example.org")).await.unwrap();
        assert_eq!(again, Queued::AlreadyQueued(id));
        let other = enqueue_keyed(&txn, MailKey::new("enrollment-status", "43:enrolled"), mail("luis@policia.example.org")).await.unwrap();
        assert!(matches!(other, Queued::New(o) if o != id));
        txn.commit().await.unwrap();
        // And in a later transaction, as a retried request would.
        let txn = app::db::begin_write(&db).await.unwrap();
        assert_eq!(enqueue_keyed(&txn, key(), mail("ana@policia.example.org")).await.unwrap(), Queued::AlreadyQueued(id));
        txn.commit().await.unwrap();
        assert_eq!(outbox::Entity::find().count(&db).await.unwrap(), 2);
        let stored = row(&db, id).await;
        assert_eq!(stored.dedupe_key, "enrollment-status:42:enrolled");
        // Unkeyed messages each get a key of their own: two identical ones are two messages.
        queue(&db, "same@policia.example.org").await;
        queue(&db, "same@policia.example.org").await;
        assert_eq!(
            outbox::Entity::find()
                .filter(outbox::Column::Recipient.eq("same@policia.example.org"))
                .count(&db)
                .await
                .unwrap(),
            2
        );
    }

    async fn mail_of_a_rolled_back_change_is_never_sent(engine: Engine) {
        let (db, _guard) = fresh_db(engine).await;
        let txn = db.begin().await.unwrap();
        enqueue(&txn, mail("nobody@policia.example.org")).await.unwrap();
        txn.rollback().await.unwrap();
        assert!(outbox::Entity::find().all(&db).await.unwrap().is_empty());
    }

    async fn temporary_refusals_are_retried_until_delivered(engine: Engine) {
        let (db, database) = fresh_db(engine).await;
        let sink = SmtpSink::start().await;
        sink.set_behaviour(Behaviour::RefuseTemporarily(2));
        let mailer = Mailer::new(&test_config(&database.url, Some(sink.url()))).unwrap();
        let id = queue(&db, "retry@policia.example.org").await;

        assert_eq!(mailer.deliver_one(&db).await.unwrap(), Delivery::Retrying(id));
        let after_first = row(&db, id).await;
        assert_eq!(after_first.status, "queued");
        assert!(after_first.next_attempt_at > Utc::now() - chrono::Duration::seconds(1));
        assert!(after_first.last_error.as_deref().unwrap_or("").contains("451"), "{:?}", after_first.last_error);

        let mut outcomes = Vec::new();
        for _ in 0..200 {
            match mailer.deliver_one(&db).await.unwrap() {
                Delivery::Idle => tokio::time::sleep(Duration::from_millis(10)).await,
                other => {
                    outcomes.push(other.clone());
                    if other == Delivery::Sent(id) { break; }
                }
            }
        }
        assert_eq!(outcomes, vec![Delivery::Retrying(id), Delivery::Sent(id)]);
        let done = row(&db, id).await;
        assert_eq!(done.status, "sent");
        assert_eq!(done.attempts, 3);
        assert_eq!(sink.received().len(), 1, "delivered exactly once");
    }

    async fn permanent_refusals_are_marked_failed_for_administrators(engine: Engine) {
        let (db, database) = fresh_db(engine).await;
        let sink = SmtpSink::start().await;
        sink.set_behaviour(Behaviour::RefusePermanently);
        let mailer = Mailer::new(&test_config(&database.url, Some(sink.url()))).unwrap();
        let id = queue(&db, "gone@policia.example.org").await;
        assert_eq!(mailer.deliver_one(&db).await.unwrap(), Delivery::Failed(id));
        let failed = app::mail::failed_messages(&db, 10).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].recipient, "gone@policia.example.org");
        assert!(failed[0].last_error.as_deref().unwrap_or("").contains("550"));
        assert_eq!(app::mail::counts(&db).await.unwrap(), (0, 0, 1));
        // Nothing is retried after a permanent failure.
        assert_eq!(mailer.deliver_one(&db).await.unwrap(), Delivery::Idle);
    }

    async fn a_message_in_flight_at_a_crash_is_resent_once_with_the_same_message_id(engine: Engine) {
        let (db, database) = fresh_db(engine).await;
        let sink = SmtpSink::start().await;
        let id = queue(&db, "crash@policia.example.org").await;
        // A worker claims it, and dies before reporting back.
        let claimed = claim_next(&db, Utc::now(), Duration::from_millis(200)).await.unwrap().unwrap();
        assert_eq!(claimed.id, id);
        let mailer = Mailer::new(&test_config(&database.url, Some(sink.url()))).unwrap();
        // While the claim holds, nobody else takes it.
        assert_eq!(mailer.deliver_one(&db).await.unwrap(), Delivery::Idle);
        tokio::time::sleep(Duration::from_millis(300)).await;
        // After the lease, the restarted worker sends it.
        assert_eq!(mailer.deliver_one(&db).await.unwrap(), Delivery::Sent(id));
        assert_eq!(mailer.deliver_one(&db).await.unwrap(), Delivery::Idle);
        let received = sink.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].header("Message-ID").unwrap(), mailer.message_id(&claimed));
    }

    async fn concurrent_workers_never_claim_the_same_message(engine: Engine) {
        let (db, _guard) = fresh_db(engine).await;
        for i in 0..10 {
            queue(&db, &format!("officer{i}@policia.example.org")).await;
        }
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(row) = claim_next(&db, Utc::now(), Duration::from_secs(60)).await.unwrap() {
                    mine.push(row.id);
                }
                mine
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        all.sort();
        let claimed = all.len();
        all.dedup();
        assert_eq!(claimed, 10, "every message claimed");
        assert_eq!(all.len(), 10, "no message claimed twice");
    }
}
