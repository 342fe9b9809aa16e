-- The class server's first schema. Written in the SQL that both SQLite and
-- PostgreSQL accept: BIGINT, DOUBLE PRECISION and TEXT columns, flags as 0/1,
-- times as RFC 3339 text (UTC), ids as text.

-- Trainer accounts; passwords only as Argon2id hashes.
CREATE TABLE trainers (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Logged-in trainer browsers: the cookie's SHA-256 and the CSRF token of the forms it gets.
CREATE TABLE logins (
    token_hash TEXT PRIMARY KEY,
    trainer_id BIGINT NOT NULL REFERENCES trainers (id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Class sessions: the code everyone types, the scenarios on offer, practice or assessed.
CREATE TABLE class_sessions (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    mode TEXT NOT NULL,
    scenarios TEXT NOT NULL,
    roster TEXT NOT NULL,
    max_trainees BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES trainers (id),
    created_at TEXT NOT NULL,
    closed_at TEXT
);

-- One trainee's play of one scenario in a session; its id is also the record's id.
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    session_code TEXT NOT NULL REFERENCES class_sessions (code),
    scenario_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    trainee_id TEXT NOT NULL,
    trainee_name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    seed BIGINT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    score DOUBLE PRECISION,
    passed BIGINT,
    UNIQUE (session_code, trainee_id, scenario_id)
);

CREATE INDEX runs_by_session ON runs (session_code);

-- Every accepted decision, stored before it is acknowledged: the decision and the note the record keeps of it.
CREATE TABLE decisions (
    run_id TEXT NOT NULL REFERENCES runs (id),
    idx BIGINT NOT NULL,
    decision TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
);

-- The signed record of each finished or abandoned run, and the file it was also written to.
CREATE TABLE records (
    run_id TEXT PRIMARY KEY REFERENCES runs (id),
    session_code TEXT NOT NULL REFERENCES class_sessions (code),
    record TEXT NOT NULL,
    file TEXT
);
