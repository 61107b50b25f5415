// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

namespace smmo::test {

// "sqlite", "postgres" or "mysql" (MariaDB or MySQL): the backend this run of a suite tests, from
// SIMPLEMMO_TEST_BACKEND (CTest sets it per registered backend; sqlite when unset).
QString backendName();

// A URL to a fresh, empty database of the backend under test; every call gives a new one, so
// test functions (and suites running in parallel) never share state.
// - sqlite: a new file in a temporary directory that lives as long as the process.
// - postgres, mysql: a new database on the fixture server whose URL is in the file named by
//   SIMPLEMMO_TEST_POSTGRES_URL_FILE or SIMPLEMMO_TEST_MYSQL_URL_FILE; it is dropped when the
//   application object goes away.
// When the backend is a server and the server is missing or unreachable, this aborts the suite
// with a message saying why: a requested backend is never skipped silently.
QString databaseUrlForTest();

} // namespace smmo::test
