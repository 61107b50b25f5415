// SPDX-License-Identifier: AGPL-3.0-or-later
// The authorization matrix: every route every server registers (--list-routes), called with no
// token, a forged one, an expired one, a malformed one and, where more than a session is needed,
// a player's token. What each route requires is read from its row in docs/api.md ("(session)",
// "(admin)", "(service)"), so the documentation and the behaviour are checked against each other.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"

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
    int m_checks = 0;

    QStringList serverArgs() const
    {
        return {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("--secret"), QString::fromLatin1(m_secret)};
    }

    // The access a route needs, from the first row of its server's docs/api.md section (or of
    // "Every server") naming its method and path.
    QString accessFor(const QString &section, const QString &method, const QString &pattern) const
    {
        const QRegularExpression path(QStringLiteral("(^|[\\s`(])") + QRegularExpression::escape(pattern)
                                      + QStringLiteral("($|[\\s`?)\\[])"));
        for (const auto &line : m_sections.value(section) + m_sections.value(QStringLiteral("Every"))) {
            // Only the first cell names the request; later cells may mention other paths.
            const QString request = line.section(QLatin1Char('|'), 1, 1);
            if (!line.startsWith(QLatin1Char('|')) || !request.contains(path) || !request.contains(method))
                continue;
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
    }
    void matrix()
    {
        QFETCH(QString, executable);
        QFETCH(QStringList, arguments);
        QFETCH(QString, section);
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

    void cleanupTestCase()
    {
        qInfo("authorization matrix: %d requests", m_checks);
        for (auto &server : m_servers)
            server->stop();
    }
};

QTEST_GUILESS_MAIN(TestAuthMatrix)
#include "tst_authmatrix.moc"
