// SPDX-License-Identifier: AGPL-3.0-or-later
// SQL injection attempts in every text field a client can send, against real servers on the
// backend under test: account names, passwords and emails, character names, zone ids, chat and
// tells (HTTP and the stream), objects' names, query parameters and path segments. Every answer
// must be a clean 2xx or 4xx with the error envelope, never a 5xx; text that is accepted must be
// stored as the literal text (read back unchanged); and afterwards the database is intact: every
// table is there, the accounts made before still log in and nothing was added or lost.
#include "Database.h"
#include "DatabaseUrl.h"
#include "HttpTestClient.h"
#include "TestCluster.h"
#include "ZoneRecorder.h"

#include <QJsonArray>
#include <QtTest>

using namespace smmo;
using namespace smmo::test;

namespace {

constexpr int waitMs = 30000;

// Classic payloads, quotes of other alphabets, NUL and other control characters, a long one.
QStringList payloads()
{
    return {QStringLiteral("' OR '1'='1"),
            QStringLiteral("' OR 1=1 --"),
            QStringLiteral("'; DROP TABLE accounts; --"),
            QStringLiteral("Robert'); DROP TABLE characters;--"),
            QStringLiteral("\" OR \"\"=\""),
            QStringLiteral("admin'--"),
            QStringLiteral("1; SELECT pg_sleep(10); --"),
            QStringLiteral("' UNION SELECT password_hash, name FROM accounts --"),
            QStringLiteral("\u2019 OR \u20191\u2019=\u20191"),  // typographic quotes
            QStringLiteral("\uff07 OR 1=1 --"),                 // fullwidth apostrophe
            QStringLiteral("\\'; DELETE FROM global_chat; --"), // backslash escapes
            QStringLiteral("%27%20OR%201=1"),
            QStringLiteral("a") + QChar(0) + QStringLiteral("' OR 1=1"),
            QStringLiteral("\u202e' OR 1=1\t\r\n;--"),
            QStringLiteral("'") + QString(3000, QLatin1Char('x')) + QStringLiteral("' --")};
}

QString pathSegment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace

class TestSqlInjection : public QObject
{
    Q_OBJECT

    TestCluster m_cluster{"sql-injection-secret-0123456789abcdef"};
    std::unique_ptr<ServerProcess> m_zone;
    QByteArray m_token; ///< the account "legit", owner of character Legit
    QStringList m_failures;
    int m_requests = 0;
    int m_passwordAccounts = 0; ///< accounts registered with a payload as their password

    // Any answer but a server error; errors carry the envelope.
    void check(const QString &what, const HttpResult &r, std::initializer_list<int> allowed = {})
    {
        ++m_requests;
        if (r.status == 0 || r.status >= 500)
            m_failures << QStringLiteral("%1: %2 %3")
                              .arg(what)
                              .arg(r.status)
                              .arg(QString::fromUtf8(r.body.left(200)));
        else if (r.status >= 400 && r.errorCode().isEmpty())
            m_failures << QStringLiteral("%1: %2 without the error envelope").arg(what).arg(r.status);
        else if (allowed.size() && std::find(allowed.begin(), allowed.end(), r.status) == allowed.end())
            m_failures
                << QStringLiteral("%1: unexpected %2 %3").arg(what).arg(r.status).arg(r.errorMessage());
    }
    static std::unique_ptr<HttpTestClient> as(ServerProcess &server, const QByteArray &token)
    {
        auto client = std::make_unique<HttpTestClient>(server.url());
        client->setBearer(token);
        return client;
    }
    void reportFailures()
    {
        const QStringList failures = std::exchange(m_failures, {});
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    }

private slots:
    void initTestCase()
    {
        // Rate limits would answer 429 long before the payloads run out; they are tested elsewhere.
        m_cluster.options().authArgs = {QStringLiteral("--login-max-failures=100000"),
                                        QStringLiteral("--login-max-failures-per-address=100000")};
        m_cluster.options().masterArgs = {QStringLiteral("--chat-rate-limit=100000")};
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.why()));
        m_token = m_cluster.player(QStringLiteral("legit"), QStringLiteral("legit-password-1"),
                                   {QStringLiteral("Legit")});
        QVERIFY(!m_token.isEmpty());
        m_zone = m_cluster.startZone(
            QStringLiteral("public-GhibliHills-inject"),
            {QStringLiteral("--idle-timeout=0"), QStringLiteral("--max-chat-per-second=1000")});
        QVERIFY(m_zone->isRunning());
        const auto zone = as(*m_zone, m_token);
        QCOMPARE(zone->postJson(QStringLiteral("/setstatus"), {{"character", "Legit"}, {"status", "online"}})
                     .status,
                 200);
    }
    void cleanupTestCase()
    {
        if (m_zone)
            QCOMPARE(m_zone->stop(), 0);
        QCOMPARE(m_cluster.stop(), QStringList());
    }

    void accounts()
    {
        HttpTestClient auth(m_cluster.auth().url());
        int n = 0;
        for (const QString &payload : payloads()) {
            const QString tag = QStringLiteral("payload %1").arg(n);
            // As a name: not a valid one.
            check(tag + " as a user name",
                  auth.postJson("/register", {{"username", payload}, {"password", "pw-0123456789"}}), {400});
            check(tag + " as a login name",
                  auth.postJson("/login", {{"username", payload}, {"password", "x"}}), {400, 401});
            // As a password: any text is a password; it is hashed, and logs in as itself only.
            const QString name = QStringLiteral("pwinject%1").arg(n);
            // (NUL is refused in every text, 400; a password may be at most 1024 characters.)
            const auto registered = auth.postJson("/register", {{"username", name}, {"password", payload}});
            check(tag + " as a password", registered, {200, 400});
            m_passwordAccounts += registered.status == 200 ? 1 : 0;
            const auto login = auth.postJson("/login", {{"username", name}, {"password", payload}});
            if (registered.status == 200)
                check(tag + " logging in with it", login, {200});
            else
                check(tag + " logging in with it", login, {400, 401});
            check(tag + " as a wrong password",
                  auth.postJson("/login", {{"username", "legit"}, {"password", payload}}), {400, 401});
            // As an email: refused, or kept as text.
            check(tag + " as an email",
                  auth.postJson("/register", {{"username", QStringLiteral("mailinject%1").arg(n)},
                                              {"password", "pw-0123456789"},
                                              {"email", payload + "@example.org"}}),
                  {200, 400});
            ++n;
        }
        reportFailures();
    }

    void characters()
    {
        const auto auth = as(m_cluster.auth(), m_token);
        const auto chars = as(m_cluster.chars(), m_token);
        for (const QString &payload : payloads()) {
            check("a character name at the AuthServer",
                  auth->postJson("/characters", {{"character_name", payload}}), {400});
            check("a character name at the CharServer",
                  chars->postJson("/new", {{"character_name", payload}}), {400});
            check("a character in a path", chars->get(QStringLiteral("/") + pathSegment(payload)),
                  {400, 404});
            check("a character's zone in a path",
                  chars->get(QStringLiteral("/%1/zone").arg(pathSegment(payload))), {400, 404});
        }
        const auto mine = chars->get("/characters").json().array();
        QCOMPARE(mine, QJsonArray{QStringLiteral("Legit")});
        reportFailures();
    }

    void masterChatAndZoneIds()
    {
        const auto master = as(m_cluster.master(), m_token);
        for (const QString &payload : payloads()) {
            check("a zone id", master->get(QStringLiteral("/") + pathSegment(payload)), {400, 404});
            check("a zone id of a player instance",
                  master->get(QStringLiteral("/playerinstance-GhibliHills-") + pathSegment(payload)),
                  {400, 404});
            check("a global chat character",
                  master->postJson("/chat/global", {{"character", payload}, {"text", "hi"}}),
                  {400, 403, 404});
            check("since", master->get(QStringLiteral("/chat/global?since=") + pathSegment(payload)), {400});
            check("limit", master->get(QStringLiteral("/chat/global?limit=") + pathSegment(payload)), {400});
            const auto sent = master->postJson("/chat/global", {{"character", "Legit"}, {"text", payload}});
            check("global chat text", sent, {200, 400});
            if (sent.status == 200) {
                // Stored as written: the latest line is the payload, character for character.
                const auto latest = master->get("/chat/global?limit=1").json().array();
                if (latest.first().toObject().value("body").toString() != payload.trimmed())
                    m_failures << QStringLiteral("global chat text changed: %1").arg(payload.left(40));
            }
        }
        reportFailures();
    }

    void zoneFields()
    {
        const auto zone = as(*m_zone, m_token);
        const auto admin =
            as(*m_zone, m_cluster.tokenWithRoles(QStringLiteral("boss"), {QStringLiteral("admin")}));
        for (const QString &payload : payloads()) {
            const auto said = zone->postJson("/say", {{"character", "Legit"}, {"text", payload}});
            check("zone chat text", said, {200, 400});
            if (said.status == 200) {
                const auto lines = zone->get("/messages").json().array();
                if (lines.last().toObject().value("body").toString() != payload.trimmed())
                    m_failures << QStringLiteral("zone chat text changed: %1").arg(payload.left(40));
            }
            check("a tell's recipient",
                  zone->postJson("/tell", {{"character", "Legit"}, {"to", payload}, {"text", "psst"}}),
                  {400, 404});
            check("a tell's text",
                  zone->postJson("/tell", {{"character", "Legit"}, {"to", "Legit"}, {"text", payload}}),
                  {200, 400});
            check("a character", zone->postJson("/setstatus", {{"character", payload}, {"status", "online"}}),
                  {400, 404});
            check("a status", zone->postJson("/setstatus", {{"character", "Legit"}, {"status", payload}}),
                  {200, 400});
            check("movement numbers", zone->postJson("/movement", {{"character", "Legit"}, {"x", payload}}),
                  {400});
            check("since", zone->get(QStringLiteral("/objects?since=") + pathSegment(payload)), {400});
            check("since of messages", zone->get(QStringLiteral("/messages?since=") + pathSegment(payload)),
                  {400});
            check("an object id", zone->get(QStringLiteral("/objects/") + pathSegment(payload)), {400, 404});
            check(
                "an activated id",
                zone->postJson(QStringLiteral("/activate/") + pathSegment(payload), {{"character", "Legit"}}),
                {400, 404});
            const auto spawned = admin->postJson(
                "/admin", {{"command", "spawn"},
                           {"args", QJsonArray{QJsonObject{{"name", payload}, {"resource", payload}}}}});
            check("an object's name", spawned, {200, 400});
            if (spawned.status == 200) {
                const qint64 id = qint64(spawned.json().object().value("id").toDouble());
                if (zone->get(QStringLiteral("/objects/%1").arg(id))
                        .json()
                        .object()
                        .value("name")
                        .toString() != payload)
                    m_failures << QStringLiteral("object name changed: %1").arg(payload.left(40));
            }
            check("an admin command",
                  admin->postJson("/admin", {{"command", payload}, {"args", QJsonArray{}}}), {400});
        }
        reportFailures();
    }

    void streamChat()
    {
        ZoneRecorder stream;
        stream.client->open(m_zone->url(), m_token);
        stream.client->join(QStringLiteral("Legit"));
        QTRY_VERIFY_WITH_TIMEOUT(
            stream.has([](const QJsonObject &m) { return m.value("type") == QLatin1String("joined"); }),
            waitMs);
        for (const QString &payload : payloads()) {
            const int from = int(stream.messages.size());
            stream.client->say(payload);
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return stream.has(
                        [](const QJsonObject &m) {
                            return m.value("type") == QLatin1String("chat") ||
                                   m.value("type") == QLatin1String("error");
                        },
                        from);
                },
                waitMs));
            const QJsonObject answer = stream.find(
                [](const QJsonObject &m) {
                    return m.value("type") == QLatin1String("chat") ||
                           m.value("type") == QLatin1String("error");
                },
                from);
            if (answer.value("type") == QLatin1String("chat") &&
                answer.value("body").toString() != payload.trimmed())
                m_failures << QStringLiteral("stream chat text changed: %1").arg(payload.left(40));
            if (answer.value("type") == QLatin1String("error") &&
                answer.value("code") != QLatin1String("bad_request"))
                m_failures << QStringLiteral("stream chat: %1").arg(answer.value("message").toString());
        }
        reportFailures();
    }

    // Last: after everything above, the database is whole.
    void databaseIsIntact()
    {
        qInfo("%d requests with injection payloads", m_requests);
        HttpTestClient auth(m_cluster.auth().url());
        QCOMPARE(auth.postJson("/login", {{"username", "legit"}, {"password", "legit-password-1"}}).status,
                 200);
        QCOMPARE(auth.postJson("/login", {{"username", "legit"}, {"password", "' OR '1'='1"}}).status, 401);
        Database database(*DatabaseUrl::parse(m_cluster.database(), m_cluster.dataDir()));
        for (const char *table : {"accounts", "characters", "zone_instances", "zone_objects", "zone_messages",
                                  "master_zones", "global_chat"})
            QVERIFY2(database.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table)))
                         .isValid(),
                     table);
        // legit, one pwinject account per payload, and the mailinject accounts that were accepted.
        const int accounts =
            database.scalar("SELECT COUNT(*) FROM accounts WHERE name LIKE 'pwinject%'").toInt();
        QCOMPARE(accounts, m_passwordAccounts);
        QVERIFY(m_passwordAccounts >=
                int(payloads().size()) - 2); // all but the one with NUL and the too long one
        QCOMPARE(database.scalar("SELECT COUNT(*) FROM characters").toInt(), 1);
        QCOMPARE(database.scalar("SELECT name FROM characters").toString(), QStringLiteral("Legit"));
    }
};

QTEST_GUILESS_MAIN(TestSqlInjection)
#include "tst_sqlinjection.moc"
