// SPDX-License-Identifier: AGPL-3.0-or-later
// The authorization matrix: every route every server registers (--list-routes), the ScriptServer's
// and PhysicsServer's included, called with no token, a forged one, an expired one, a malformed
// one and, where more than a session is needed, a player's token. What each route requires is
// read from its row in docs/api.md ("(session)", "(admin)", "(service)"), so the documentation and
// the behaviour are checked against each other. Then every session route whose row takes a
// `character` (and every route naming a character or a player instance in its path) is called by
// a real player on another player's character: refused with 403, or, where the record is public,
// answered without its private fields; the zone's stream refuses the join the same way.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "ZoneRecorder.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo;
using namespace smmo::test;

class TestAuthMatrix : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "authorization-matrix-secret-0123456789";
    QTemporaryDir m_data;
    QHash<QString, QStringList> m_sections; ///< docs/api.md "## " heading (first word) -> its lines
    std::vector<std::unique_ptr<ServerProcess>> m_servers;
    QHash<QString, QUrl> m_bases;         ///< docs/api.md section -> the running server's URL
    QHash<QString, QStringList> m_routes; ///< docs/api.md section -> its routes as --list-routes says
    int m_checks = 0;

    QStringList serverArgs() const
    {
        return {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("--secret"), QString::fromLatin1(m_secret)};
    }

    // The request cell of the first row of its server's docs/api.md section (or of "Every server")
    // naming the method and path; empty when there is none.
    QString docsRow(const QString &section, const QString &method, const QString &pattern) const
    {
        const QRegularExpression path(QStringLiteral("(^|[\\s`(])") + QRegularExpression::escape(pattern)
                                      + QStringLiteral("($|[\\s`?)\\[])"));
        for (const auto &line : m_sections.value(section) + m_sections.value(QStringLiteral("Every"))) {
            // Only the first cell names the request; later cells may mention other paths.
            const QString request = line.section(QLatin1Char('|'), 1, 1);
            if (line.startsWith(QLatin1Char('|')) && request.contains(path) && request.contains(method))
                return request;
        }
        return {};
    }

    // The access a route needs, from its docs/api.md row.
    QString accessFor(const QString &section, const QString &method, const QString &pattern) const
    {
        const QString request = docsRow(section, method, pattern);
        if (!request.isEmpty()) {
            if (request.contains(QLatin1String("(admin)")))
                return QStringLiteral("admin");
            if (request.contains(QLatin1String("service or admin")))
                return QStringLiteral("privileged");
            if (request.contains(QLatin1String("(service)")))
                return QStringLiteral("service");
            if (request.contains(QLatin1String("session")))
                return QStringLiteral("session");
            return QStringLiteral("public");
        }
        return {};
    }

    static QString concrete(QString pattern)
    {
        static const QRegularExpression placeholder(QStringLiteral("<[^>]+>"));
        return pattern.replace(placeholder, QStringLiteral("Matrixname1"));
    }

    QByteArray token(const QStringList &roles, qint64 ageSeconds = 0, const QByteArray &secret = {}) const
    {
        auto claims = SessionToken::makeClaims(424242, QStringLiteral("matrixplayer"), roles, std::chrono::hours(1));
        if (ageSeconds) {
            claims.issuedAt = claims.issuedAt.addSecs(-ageSeconds);
            claims.expiresAt = claims.expiresAt.addSecs(-ageSeconds);
        }
        return SessionToken::issue(claims, secret.isEmpty() ? m_secret : secret);
    }

private slots:
    void initTestCase()
    {
        QFile api(qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/docs/api.md"));
        QVERIFY(api.open(QIODevice::ReadOnly));
        QString section;
        for (const QString &line : QString::fromUtf8(api.readAll()).split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("## ")))
                section = line.mid(3).section(QLatin1Char(' '), 0, 0);
            else
                m_sections[section] << line;
        }
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("executable");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("section");
        QTest::newRow("authserver") << "simplemmo-authserver" << QStringList{QStringLiteral("--hash-iterations=1000")}
                                    << "AuthServer";
        QTest::newRow("charserver") << "simplemmo-charserver" << QStringList() << "CharServer";
        QTest::newRow("masterzoneserver") << "simplemmo-masterzoneserver" << QStringList() << "MasterZoneServer";
        QTest::newRow("zoneserver") << "simplemmo-zoneserver" << QStringList{QStringLiteral("--zone=public-GhibliHills-matrix")}
                                    << "ZoneServer";
        // Bus clients of the zone above ("@zone-url" becomes its URL).
        const QStringList ofTheZone{QStringLiteral("--zone=public-GhibliHills-matrix"),
                                    QStringLiteral("--zone-url"), QStringLiteral("@zone-url")};
        QTest::newRow("scriptserver") << "simplemmo-scriptserver" << ofTheZone << "ScriptServer";
        QTest::newRow("physicsserver") << "simplemmo-physicsserver" << ofTheZone << "PhysicsServer";
    }
    void matrix()
    {
        QFETCH(QString, executable);
        QFETCH(QStringList, arguments);
        QFETCH(QString, section);
        arguments.replaceInStrings(QStringLiteral("@zone-url"),
                                   m_bases.value(QStringLiteral("ZoneServer")).toString());
        QProcess lister;
        lister.start(binaryPath(executable), arguments + serverArgs() << QStringLiteral("--list-routes"));
        QVERIFY(lister.waitForFinished(30000));
        const QStringList routes =
            QString::fromUtf8(lister.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(!routes.isEmpty());

        auto server = std::make_unique<ServerProcess>(binaryPath(executable),
                                                      arguments + serverArgs() << QStringLiteral("--port=0"));
        QVERIFY2(server->start(), qPrintable(server->output()));
        const QUrl base = server->url();
        m_servers.push_back(std::move(server));
        m_bases.insert(section, base);
        m_routes.insert(section, routes);

        const QList<QPair<QString, QByteArray>> invalid = {
            {QStringLiteral("no token"), QByteArray()},
            {QStringLiteral("forged"), token({QStringLiteral("admin"), QStringLiteral("service")}, 0,
                                             "some-other-cluster-secret-0123456789")},
            {QStringLiteral("expired"), token({QStringLiteral("admin"), QStringLiteral("service")}, 7200)},
            {QStringLiteral("malformed"), "not-a-token"},
        };
        QStringList failures;
        for (const auto &route : routes) {
            const QString pattern = route.section(QLatin1Char(' '), 1);
            for (const auto &method : route.section(QLatin1Char(' '), 0, 0).split(QLatin1Char('|'))) {
                const QString access = accessFor(section, method, pattern);
                if (access.isEmpty()) {
                    failures << QStringLiteral("%1 %2: no row in docs/api.md").arg(method, pattern);
                    continue;
                }
                const QString path = concrete(pattern);
                const auto call = [&](const QByteArray &bearer) {
                    HttpTestClient client(base);
                    if (!bearer.isEmpty())
                        client.setBearer(bearer);
                    ++m_checks;
                    return client.request(method.toLatin1(), path, method == QLatin1String("POST") ? "{}" : QByteArray(),
                                          method == QLatin1String("POST") ? "application/json" : QByteArray());
                };
                for (const auto &[label, bearer] : invalid) {
                    const auto r = call(bearer);
                    if (r.status >= 500 || r.status == 0)
                        failures << QStringLiteral("%1 %2 with %3: %4").arg(method, pattern, label).arg(r.status);
                    else if (access != QLatin1String("public") && r.status != 401)
                        failures << QStringLiteral("%1 %2 (%3) with %4: %5, not 401").arg(method, pattern, access, label).arg(r.status);
                    else if (r.status >= 400 && method != QLatin1String("HEAD") && r.errorCode().isEmpty())
                        failures << QStringLiteral("%1 %2 with %3: %4 without the error envelope").arg(method, pattern, label).arg(r.status);
                }
                // Valid, but not enough: a player's token where admin or service is needed.
                if (access == QLatin1String("admin") || access == QLatin1String("service")
                    || access == QLatin1String("privileged")) {
                    const auto r = call(token({}));
                    if (r.status != 403)
                        failures << QStringLiteral("%1 %2 (%3) with a player token: %4, not 403").arg(method, pattern, access).arg(r.status);
                }
                // Service-only routes refuse administrators too; admin-only ones refuse services.
                if (access == QLatin1String("service") && call(token({QStringLiteral("admin")})).status != 403)
                    failures << QStringLiteral("%1 %2 (service) accepted an admin token").arg(method, pattern);
                if (access == QLatin1String("admin") && call(token({QStringLiteral("service")})).status != 403)
                    failures << QStringLiteral("%1 %2 (admin) accepted a service token").arg(method, pattern);
            }
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    }

    // Two real players (registered and logged in at the AuthServer): the owner of a character, and
    // another who tries to act as it on every route that takes a character.
    void anotherUsersCharacter()
    {
        QVERIFY2(m_bases.size() == 6, "the matrix has not started every server");
        HttpTestClient auth(m_bases.value(QStringLiteral("AuthServer")));
        const auto login = [&auth](const QString &name) {
            QUrlQuery form;
            form.addQueryItem(QStringLiteral("username"), name);
            form.addQueryItem(QStringLiteral("password"), QStringLiteral("matrix-password-1"));
            if (auth.postForm(QStringLiteral("/register"), form).status != 200)
                return QByteArray();
            form.addQueryItem(QStringLiteral("format"), QStringLiteral("json"));
            return auth.postForm(QStringLiteral("/login"), form)
                .json()
                .object()
                .value(QStringLiteral("token"))
                .toString()
                .toUtf8();
        };
        const QByteArray ownerToken = login(QStringLiteral("matrixowner"));
        const QByteArray otherToken = login(QStringLiteral("matrixother"));
        QVERIFY(!ownerToken.isEmpty() && !otherToken.isEmpty());
        const QString owned = QStringLiteral("Matrixowned");
        HttpTestClient owner(m_bases.value(QStringLiteral("AuthServer")));
        owner.setBearer(ownerToken);
        QUrlQuery create;
        create.addQueryItem(QStringLiteral("character_name"), owned);
        QCOMPARE(owner.postForm(QStringLiteral("/characters"), create).status, 200);

        const QJsonObject body{{QStringLiteral("character"), owned},
                               {QStringLiteral("text"), QStringLiteral("hi")},
                               {QStringLiteral("to"), owned},
                               {QStringLiteral("status"), QStringLiteral("online")},
                               {QStringLiteral("x"), 0.5}};
        QStringList failures;
        int checked = 0;
        for (auto it = m_routes.cbegin(); it != m_routes.cend(); ++it) {
            for (const QString &route : it.value()) {
                const QString pattern = route.section(QLatin1Char(' '), 1);
                for (const QString &method : route.section(QLatin1Char(' '), 0, 0).split(QLatin1Char('|'))) {
                    const QString row = docsRow(it.key(), method, pattern);
                    const bool takesCharacter = row.contains(QLatin1String("`character`"));
                    const bool namesCharacter = pattern.contains(QLatin1String("<name>"));
                    const bool namesInstance = pattern == QLatin1String("/<zoneid>");
                    if (accessFor(it.key(), method, pattern) != QLatin1String("session") && !namesCharacter)
                        continue;
                    if (!takesCharacter && !namesCharacter && !namesInstance)
                        continue;
                    QString path = pattern;
                    path.replace(QLatin1String("<name>"), owned)
                        .replace(QLatin1String("<zoneid>"),
                                 QStringLiteral("playerinstance-GhibliHills-") + owned)
                        .replace(QLatin1String("<id>"), QStringLiteral("1"));
                    HttpTestClient client(m_bases.value(it.key()));
                    client.setBearer(otherToken);
                    const auto r = client.request(
                        method.toLatin1(), path,
                        method == QLatin1String("POST") ? QJsonDocument(body).toJson() : QByteArray(),
                        method == QLatin1String("POST") ? "application/json" : QByteArray());
                    ++checked;
                    ++m_checks;
                    const QString what =
                        QStringLiteral("%1 %2 %3 as another player").arg(it.key(), method, path);
                    if (namesCharacter && method == QLatin1String("GET")) {
                        // A public record: answered, but without what only its owner sees.
                        const QJsonObject record = r.json().object();
                        if (r.status != 200 && r.status != 404)
                            failures << QStringLiteral("%1: %2").arg(what).arg(r.status);
                        if (record.contains(QStringLiteral("owner")) ||
                            record.contains(QStringLiteral("inventory")))
                            failures << QStringLiteral("%1: private fields shown").arg(what);
                    } else if (r.status != 403) {
                        failures << QStringLiteral("%1: %2 %3, not 403")
                                        .arg(what)
                                        .arg(r.status)
                                        .arg(r.errorMessage());
                    }
                }
            }
        }
        // The owner, for contrast, sees the private fields of the record.
        HttpTestClient charServer(m_bases.value(QStringLiteral("CharServer")));
        charServer.setBearer(ownerToken);
        QVERIFY(
            charServer.get(QStringLiteral("/") + owned).json().object().contains(QStringLiteral("owner")));
        QVERIFY2(checked >= 8, qPrintable(QStringLiteral("only %1 routes take a character").arg(checked)));

        // The zone's stream: joining another's character is refused, the connection stays.
        smmo::test::ZoneRecorder stream;
        stream.client->open(m_bases.value(QStringLiteral("ZoneServer")), otherToken);
        QTRY_VERIFY_WITH_TIMEOUT(
            stream.has([](const QJsonObject &m) { return m.value("type") == QLatin1String("hello"); }),
            30000);
        stream.client->join(owned);
        QTRY_VERIFY_WITH_TIMEOUT(
            stream.has([](const QJsonObject &m) { return m.value("code") == QLatin1String("forbidden"); }),
            30000);
        QVERIFY(!stream.has([](const QJsonObject &m) { return m.value("type") == QLatin1String("joined"); }));
        ++m_checks;
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        qInfo("another player's character: %d routes and the stream refused", checked);
    }

    void cleanupTestCase()
    {
        qInfo("authorization matrix: %d requests", m_checks);
        for (auto &server : m_servers)
            server->stop();
    }
};

QTEST_GUILESS_MAIN(TestAuthMatrix)
#include "tst_authmatrix.moc"
