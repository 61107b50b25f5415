// SPDX-License-Identifier: AGPL-3.0-or-later
#include "TestCluster.h"

#include "HttpTestClient.h"
#include "SessionToken.h"
#include "TestDatabase.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <csignal>
#include <sys/types.h>

namespace smmo::test {

namespace {

QString passwordOf(const QString &user)
{
    return QStringLiteral("pw-") + user + QStringLiteral("-faults");
}

// The arguments of a live process (not a zombie), from /proc; empty when it is gone.
QStringList liveArguments(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = stat.readAll();
    const qsizetype paren = text.lastIndexOf(')');
    if (paren < 0 || text.mid(paren + 2, 1) == "Z")
        return {};
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return {};
    QStringList args;
    for (const QByteArray &part : cmdline.readAll().split('\0'))
        if (!part.isEmpty())
            args.append(QString::fromLocal8Bit(part));
    return args;
}

} // namespace

TestCluster::TestCluster() : TestCluster(Options{}) {}

TestCluster::TestCluster(QByteArray secret) : TestCluster(Options{.secret = std::move(secret)}) {}

TestCluster::TestCluster(Options options)
    : m_options(std::move(options)), m_data(QDir::tempPath() + QStringLiteral("/simplemmo-cluster-XXXXXX"))
{
    if (m_options.database.isEmpty())
        m_options.database = databaseUrlForTest();
    // A fresh secret per cluster: tokens of one suite never work on another's servers.
    m_secret = !m_options.secret.isEmpty()
                   ? m_options.secret
                   : "cluster-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36) +
                         "-secret-0123456789abcdef";
    if (!m_options.configText.isEmpty()) {
        m_configFile = m_data.filePath(QStringLiteral("simplemmo.conf"));
        QFile file(m_configFile);
        if (file.open(QIODevice::WriteOnly))
            file.write(m_options.configText.toUtf8());
    }
}

TestCluster::~TestCluster()
{
    stop();
}

QString TestCluster::roleName(Role role)
{
    switch (role) {
    case Role::Auth:
        return QStringLiteral("authserver");
    case Role::Char:
        return QStringLiteral("charserver");
    case Role::Master:
        return QStringLiteral("masterzoneserver");
    }
    return {};
}

QStringList TestCluster::sharedArguments() const
{
    QStringList args{QStringLiteral("--data-dir"), m_data.path(),
                     QStringLiteral("--database"), m_options.database,
                     QStringLiteral("--secret"),   QString::fromLatin1(m_secret)};
    if (!m_configFile.isEmpty())
        args << QStringLiteral("--config") << m_configFile;
    return args;
}

QStringList TestCluster::argumentsFor(Role role) const
{
    QStringList args = sharedArguments();
    switch (role) {
    case Role::Auth:
        args << QStringLiteral("--hash-iterations=1000") << m_options.authArgs;
        break;
    case Role::Char:
        args << m_options.charArgs;
        break;
    case Role::Master:
        args << QStringLiteral("--char-url") << charUrl().toString() << QStringLiteral("--zones-dir")
             << qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/scripts/zones")
             << QStringLiteral("--zone-executable") << binaryPath(QStringLiteral("simplemmo-zoneserver"))
             << QStringLiteral("--zone-start-timeout=30") << QStringLiteral("--zone-stop-timeout=10")
             << QStringLiteral("--zone-watch-interval=200")
             << QStringLiteral("--zone-idle-timeout=%1").arg(m_options.zoneIdleSeconds)
             << QStringLiteral("--zone-restart-delay=%1").arg(m_options.zoneRestartDelay)
             << m_options.masterArgs;
        break;
    }
    return args;
}

bool TestCluster::launch(Role role, int port)
{
    auto process =
        std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-") + roleName(role)),
                                        argumentsFor(role) << QStringLiteral("--port=%1").arg(port));
    const bool started = process->start();
    if (!started)
        m_why = roleName(role) + QStringLiteral(" did not start:\n") + process->output();
    else
        m_urls[index(role)] = process->url();
    m_processes[index(role)] = std::move(process);
    return started;
}

bool TestCluster::start()
{
    if (!m_data.isValid()) {
        m_why = QStringLiteral("no temporary directory: ") + m_data.errorString();
        return false;
    }
    return launch(Role::Auth, 0) && launch(Role::Char, 0) && launch(Role::Master, 0);
}

QStringList TestCluster::stop()
{
    QStringList failures;
    // The master first: it stops its zones, which write their last checkpoint meanwhile.
    for (const Role role : {Role::Master, Role::Char, Role::Auth})
        if (auto &process = m_processes[index(role)]; process && process->isRunning())
            if (const int code = process->stop(30000); code != 0)
                failures << QStringLiteral("%1: %2").arg(roleName(role)).arg(code);
    return failures;
}

std::unique_ptr<ServerProcess> TestCluster::startZone(const QString &zoneId,
                                                      const QStringList &extraArgs) const
{
    QStringList args = sharedArguments() << QStringLiteral("--port=0") << QStringLiteral("--zone") << zoneId
                                         << QStringLiteral("--char-url") << charUrl().toString();
    if (!masterUrl().isEmpty())
        args << QStringLiteral("--master-url") << masterUrl().toString();
    auto zone = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-zoneserver")),
                                                args << extraArgs);
    if (!zone->start())
        qWarning("the zone did not start: %s", qPrintable(zone->output()));
    return zone;
}

ServerProcess &TestCluster::process(Role role)
{
    return *m_processes[index(role)];
}

qint64 TestCluster::pid(Role role)
{
    const auto &process = m_processes[index(role)];
    return process && process->isRunning() ? process->process().processId() : 0;
}

void TestCluster::kill(Role role)
{
    if (auto &process = m_processes[index(role)]; process && process->isRunning()) {
        ::kill(pid_t(process->process().processId()), SIGKILL);
        process->process().waitForFinished(10000);
    }
}

bool TestCluster::restart(Role role)
{
    const int port = url(role).port();
    if (port <= 0) {
        m_why = roleName(role) + QStringLiteral(" never ran, so it has no port to restart on");
        return false;
    }
    if (auto &old = m_processes[index(role)]; old && old->isRunning()) {
        m_why = roleName(role) + QStringLiteral(" is still running");
        return false;
    }
    return launch(role, port);
}

QByteArray TestCluster::adminToken() const
{
    return SessionToken::issue(SessionToken::makeClaims(999999, QStringLiteral("FaultAdmin"),
                                                        {QStringLiteral("admin")}, std::chrono::hours(2)),
                               m_secret);
}

QByteArray TestCluster::tokenWithRoles(const QString &name, const QStringList &roles) const
{
    return SessionToken::issue(SessionToken::makeClaims(0, name, roles, std::chrono::hours(2)), m_secret);
}

QByteArray TestCluster::serviceToken(const QString &name) const
{
    return SessionToken::issue(
        SessionToken::makeClaims(0, name, {QStringLiteral("service")}, std::chrono::hours(2)), m_secret);
}

QByteArray TestCluster::login(const QString &user)
{
    return login(user, passwordOf(user));
}

QByteArray TestCluster::login(const QString &user, const QString &password)
{
    HttpTestClient client(authUrl());
    client.setExtraHeader("Accept", "application/json");
    const HttpResult result = client.postForm(
        QStringLiteral("/login"),
        HttpTestClient::form({{QStringLiteral("username"), user}, {QStringLiteral("password"), password}}));
    if (result.status != 200) {
        m_why = QStringLiteral("login of %1: %2 %3")
                    .arg(user)
                    .arg(result.status)
                    .arg(QString::fromUtf8(result.body));
        return {};
    }
    return result.json().object().value(QStringLiteral("token")).toString().toLatin1();
}

QByteArray TestCluster::player(const QString &user, const QString &character)
{
    return player(user, passwordOf(user), character.isEmpty() ? QStringList() : QStringList{character});
}

QByteArray TestCluster::player(const QString &user, const QString &password, const QStringList &characters)
{
    HttpTestClient auth(authUrl());
    const HttpResult registered = auth.postForm(
        QStringLiteral("/register"),
        HttpTestClient::form({{QStringLiteral("username"), user}, {QStringLiteral("password"), password}}));
    if (registered.status != 200 && registered.status != 409) {
        m_why = QStringLiteral("register %1: %2 %3")
                    .arg(user)
                    .arg(registered.status)
                    .arg(QString::fromUtf8(registered.body));
        return {};
    }
    const QByteArray token = login(user, password);
    if (token.isEmpty())
        return token;
    HttpTestClient chars(charUrl());
    chars.setBearer(token);
    for (const QString &character : characters) {
        if (chars.get(QLatin1Char('/') + character).status == 200)
            continue;
        const HttpResult created = chars.postForm(
            QStringLiteral("/new"), HttpTestClient::form({{QStringLiteral("character_name"), character}}));
        if (created.status != 200) {
            m_why = QStringLiteral("creating %1: %2 %3")
                        .arg(character)
                        .arg(created.status)
                        .arg(QString::fromUtf8(created.body));
            return {};
        }
    }
    return token;
}

QJsonArray TestCluster::zones()
{
    HttpTestClient client(masterUrl());
    client.setBearer(adminToken());
    return client.get(QStringLiteral("/zones")).json().array();
}

QJsonObject TestCluster::zoneEntry(const QString &zoneId)
{
    for (const auto &value : zones())
        if (value.toObject().value(QStringLiteral("id")).toString() == zoneId)
            return value.toObject();
    return {};
}

bool TestCluster::isAlive(qint64 pid)
{
    return pid > 0 && !liveArguments(pid).isEmpty();
}

QList<qint64> TestCluster::zoneAndCompanionPids(const QJsonArray &zones)
{
    QList<qint64> pids;
    for (const auto &value : zones) {
        pids.append(value.toObject().value(QStringLiteral("pid")).toInteger());
        for (const auto &companion : value.toObject().value(QStringLiteral("companions")).toArray())
            if (companion.toObject().value(QStringLiteral("pid")).toInteger() > 0)
                pids.append(companion.toObject().value(QStringLiteral("pid")).toInteger());
    }
    return pids;
}

QList<qint64> TestCluster::zoneServerPids(const QString &zoneId) const
{
    return zoneServerPids(zoneId, m_data.path());
}

QList<qint64> TestCluster::zoneServerPids(const QString &zoneId, const QString &dataDir)
{
    QList<qint64> pids;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        const QStringList args = liveArguments(pid);
        if (args.isEmpty() || !args.first().endsWith(QLatin1String("simplemmo-zoneserver")))
            continue;
        const qsizetype zoneAt = args.indexOf(QStringLiteral("--zone"));
        const qsizetype dataAt = args.indexOf(QStringLiteral("--data-dir"));
        if (zoneAt > 0 && args.value(zoneAt + 1) == zoneId && dataAt > 0 && args.value(dataAt + 1) == dataDir)
            pids.append(pid);
    }
    return pids;
}

} // namespace smmo::test
