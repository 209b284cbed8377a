-- Alerts: what producer users asked to be told, and the outbox of alerts queued in the same
-- transaction as the events that caused them. Written to run again harmlessly.

CREATE TABLE IF NOT EXISTS alert_subscription (
    id             TEXT PRIMARY KEY,
    account        TEXT NOT NULL,
    channel        TEXT NOT NULL,
    target         TEXT NOT NULL,
    kinds          TEXT NOT NULL,
    audience       TEXT,
    urgency        TEXT,
    digest_minutes INTEGER NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_subscription_account ON alert_subscription (account);

-- No foreign key to the subscription: what was sent stays in the log after an unsubscription.
-- One row per subscription and event (the unique key), so an event raised twice, by two nodes
-- or by a check that runs again, is queued once.
CREATE TABLE IF NOT EXISTS alert_outbox (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    account         TEXT NOT NULL,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    event_key       TEXT NOT NULL,
    subject         TEXT,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts        INTEGER NOT NULL,
    state           TEXT NOT NULL,
    last_error      TEXT,
    claimed_until   BIGINT NOT NULL,
    sent_at         BIGINT,
    delivery_key    TEXT,
    UNIQUE (subscription_id, event_key)
);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS alert_outbox_sent ON alert_outbox (channel, target, sent_at);
CREATE INDEX IF NOT EXISTS alert_outbox_account ON alert_outbox (account, sent_at);
