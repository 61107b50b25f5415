-- Accounts (owned by the AuthServer). name_key is the lower-cased name: names are unique
-- regardless of case, while the account keeps the spelling its owner chose.
CREATE TABLE accounts (
    id {{ID}},
    name VARCHAR(32) NOT NULL,
    name_key VARCHAR(32) NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    email VARCHAR(255),
    roles VARCHAR(255) NOT NULL,
    created_at {{BIGINT}} NOT NULL,
    last_login {{BIGINT}}
);
