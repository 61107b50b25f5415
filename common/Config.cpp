// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Config.h"

#include "Logging.h"
#include "Version.h"
#include "ZoneId.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryFile>
#include <QUrl>

#include <cmath>
#include <map>

namespace smmo {

Config::Config(QString role, QString description)
    : m_role(std::move(role)), m_description(std::move(description))
{
    addOption({QStringLiteral("config"), QStringLiteral("Configuration file (INI)."), QString(),
               QStringLiteral("file")});
}

void Config::addServerOptions(quint16 defaultPort)
{
    addOption({QStringLiteral("bind"), QStringLiteral("Address to listen on."), QStringLiteral("127.0.0.1"),
               QStringLiteral("address")});
    addOption({QStringLiteral("port"), QStringLiteral("Port to listen on; 0 picks a free one."),
               QString::number(defaultPort), QStringLiteral("port")});
    addOption({QStringLiteral("public-url"),
               QStringLiteral("URL under which others reach this server (default: http://<bind>:<port>)."),
               QString(), QStringLiteral("url")});
    addOption({QStringLiteral("data-dir"),
               QStringLiteral("Directory for the SQLite database and the secret."), QStringLiteral("data"),
               QStringLiteral("dir")});
    addOption({QStringLiteral("database"),
               QStringLiteral("Database URL: sqlite:<file>, postgres://user:pass@host:port/db, mysql://..."),
               QStringLiteral("sqlite:simplemmo.db"), QStringLiteral("url")});
    addOption({QStringLiteral("secret"), QStringLiteral("Cluster token secret (prefer secret-file)."),
               QString(), QStringLiteral("secret")});
    addOption({QStringLiteral("secret-file"), QStringLiteral("File holding the cluster token secret."),
               QString(), QStringLiteral("file")});
    addOption({QStringLiteral("max-body-bytes"), QStringLiteral("Largest accepted request body."),
               QStringLiteral("1048576"), QStringLiteral("bytes")});
    addOption({QStringLiteral("request-timeout-ms"),
               QStringLiteral("A request must arrive completely within this time of its first byte (else 408)."),
               QStringLiteral("20000"), QStringLiteral("ms")});
    addOption({QStringLiteral("idle-timeout-ms"),
               QStringLiteral("A kept-alive connection without a request for this long is closed."),
               QStringLiteral("120000"), QStringLiteral("ms")});
    addOption({QStringLiteral("max-connections-per-address"),
               QStringLiteral("Open connections from one address, loopback excepted (more get 429); 0: any."),
               QStringLiteral("256"), QStringLiteral("count")});
    addOption({QStringLiteral("source-archive"), QStringLiteral("Source archive served at /source."), QString(),
               QStringLiteral("file")});
    addOption({QStringLiteral("list-routes"), QStringLiteral("Print the HTTP routes this server serves and exit."),
               QString(), QString(), true});
}

void Config::addOption(const Option &option)
{
    for (auto &existing : m_options) {
        if (existing.key == option.key) {
            existing = option;
            return;
        }
    }
    m_options.append(option);
}

const Config::Option *Config::findOption(const QString &key) const
{
    for (const auto &option : m_options)
        if (option.key == key)
            return &option;
    return nullptr;
}

QString Config::environmentName(const QString &key)
{
    return QStringLiteral("SIMPLEMMO_") + key.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

Config::ParseResult Config::parse(const QStringList &arguments)
{
    QHash<QString, QString> environment;
    const auto env = QProcessEnvironment::systemEnvironment();
    for (const auto &name : env.keys())
        if (name.startsWith(QLatin1String("SIMPLEMMO_")))
            environment.insert(name, env.value(name));
    return parse(arguments, environment);
}

Config::ParseResult Config::parse(const QStringList &arguments, const QHash<QString, QString> &environment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(m_description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const auto helpOption = parser.addHelpOption();
    const auto versionOption = parser.addVersionOption();
    std::map<QString, QCommandLineOption> cliOptions;
    for (const auto &option : m_options) {
        QString description = option.description;
        if (!option.defaultValue.isEmpty() && !option.isFlag)
            description += QStringLiteral(" [default: %1]").arg(option.defaultValue);
        description += QStringLiteral(" (env %1)").arg(environmentName(option.key));
        QCommandLineOption cli = option.isFlag
                                     ? QCommandLineOption(option.key, description)
                                     : QCommandLineOption(option.key, description, option.valueName);
        parser.addOption(cli);
        cliOptions.emplace(option.key, cli);
    }

    if (!parser.parse(arguments))
        return {false, 2, parser.errorText() + QStringLiteral("\nTry --help.\n")};
    if (parser.isSet(helpOption))
        return {false, 0, parser.helpText()};
    if (parser.isSet(versionOption))
        return {false, 0, QStringLiteral("simplemmo-%1 %2\n").arg(m_role, QStringLiteral(SIMPLEMMO_VERSION))};
    if (!parser.positionalArguments().isEmpty())
        return {false, 2,
                QStringLiteral("Unexpected argument: %1\nTry --help.\n")
                    .arg(parser.positionalArguments().first())};

    m_values.clear();
    m_sources.clear();
    for (const auto &option : m_options) {
        if (!option.defaultValue.isEmpty()) {
            m_values.insert(option.key, option.defaultValue);
            m_sources.insert(option.key, Source::Default);
        }
    }

    // The file is named on the command line or in the environment, so those are read first for it.
    QString file = environment.value(environmentName(QStringLiteral("config")));
    if (parser.isSet(cliOptions.at(QStringLiteral("config"))))
        file = parser.value(cliOptions.at(QStringLiteral("config")));
    if (!file.isEmpty()) {
        if (!QFileInfo::exists(file))
            return {false, 2, QStringLiteral("Configuration file not found: %1\n").arg(file)};
        QSettings settings(file, QSettings::IniFormat);
        if (settings.status() != QSettings::NoError)
            return {false, 2, QStringLiteral("Cannot read configuration file: %1\n").arg(file)};
        // [general] (QSettings keeps it as the top level) first, then the role's own section.
        for (const auto &section : {QString(), m_role}) {
            if (!section.isEmpty())
                settings.beginGroup(section);
            for (const auto &key : settings.childKeys()) {
                if (!findOption(key)) {
                    qCWarning(lcConfig, "%s: unknown key [%s] %s ignored", qPrintable(file),
                              qPrintable(section.isEmpty() ? QStringLiteral("general") : section),
                              qPrintable(key));
                    continue;
                }
                // QSettings splits values with commas into lists; join them back.
                const QVariant v = settings.value(key);
                m_values.insert(key, v.typeId() == QMetaType::QStringList
                                         ? v.toStringList().join(QLatin1Char(','))
                                         : v.toString());
                m_sources.insert(key, Source::File);
            }
            if (!section.isEmpty())
                settings.endGroup();
        }
        m_values.insert(QStringLiteral("config"), file);
    }

    for (const auto &option : m_options) {
        const QString name = environmentName(option.key);
        if (environment.contains(name)) {
            m_values.insert(option.key, environment.value(name));
            m_sources.insert(option.key, Source::Environment);
        }
        const auto &cli = cliOptions.at(option.key);
        if (parser.isSet(cli)) {
            m_values.insert(option.key, option.isFlag ? QStringLiteral("true") : parser.value(cli));
            m_sources.insert(option.key, Source::CommandLine);
        }
    }

    if (findOption(QStringLiteral("port"))) {
        bool ok = false;
        const int port = value(QStringLiteral("port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return {false, 2, QStringLiteral("Invalid port: %1\n").arg(value(QStringLiteral("port")))};
    }
    return {};
}

QString Config::value(const QString &key) const
{
    return m_values.value(key);
}

int Config::intValue(const QString &key, int fallback) const
{
    bool ok = false;
    const int v = m_values.value(key).toInt(&ok);
    return ok ? v : fallback;
}

bool Config::boolValue(const QString &key) const
{
    const QString v = m_values.value(key).trimmed().toLower();
    return v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes") ||
           v == QLatin1String("on");
}

bool Config::readInt(const QString &key, int low, int high, int *value, QString *error) const
{
    bool ok = false;
    const int number = m_values.value(key).toInt(&ok);
    if (!ok || number < low || number > high) {
        *error = QStringLiteral("--%1 must be a whole number from %2 to %3 (got \"%4\").")
                     .arg(key)
                     .arg(low)
                     .arg(high)
                     .arg(m_values.value(key));
        return false;
    }
    *value = number;
    return true;
}

bool Config::readDouble(const QString &key, double low, double high, double *value, QString *error) const
{
    bool ok = false;
    const double number = m_values.value(key).toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < low || number > high) {
        *error = QStringLiteral("--%1 must be a number from %2 to %3 (got \"%4\").")
                     .arg(key)
                     .arg(low)
                     .arg(high)
                     .arg(m_values.value(key));
        return false;
    }
    *value = number;
    return true;
}

bool Config::readZoneId(ZoneId *zone, QString *error) const
{
    const QString text = value(QStringLiteral("zone"));
    if (text.isEmpty()) {
        *error = QStringLiteral("--zone <instancetype>-<zonename>-<owner> is required.");
        return false;
    }
    const auto parsed = ZoneId::parse(text);
    if (!parsed) {
        *error =
            QStringLiteral("Malformed zone id \"%1\": expected <instancetype>-<zonename>-<owner>, each part "
                           "1 to 64 letters, digits or underscores.")
                .arg(text);
        return false;
    }
    *zone = *parsed;
    return true;
}

bool Config::readZoneUrl(QUrl *url, QString *error) const
{
    const QString text = value(QStringLiteral("zone-url"));
    const QUrl parsed(text, QUrl::StrictMode);
    const QString scheme = parsed.scheme();
    if (text.isEmpty() || !parsed.isValid() || parsed.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = text.isEmpty()
                     ? QStringLiteral("--zone-url <the zone's http URL> is required.")
                     : QStringLiteral("--zone-url must be the zone's http(s) URL (got \"%1\").").arg(text);
        return false;
    }
    *url = parsed;
    return true;
}

Config::Source Config::sourceOf(const QString &key) const
{
    return m_sources.value(key, Source::Default);
}

bool Config::contains(const QString &key) const
{
    return m_values.contains(key);
}

void Config::set(const QString &key, const QString &value)
{
    m_values.insert(key, value);
    m_sources.insert(key, Source::CommandLine);
}

QString Config::dataDir() const
{
    QString dir = value(QStringLiteral("data-dir"));
    if (dir.isEmpty())
        dir = QStringLiteral("data");
    return QDir(dir).absolutePath();
}

QString Config::databaseUrl() const
{
    return value(QStringLiteral("database"));
}

QByteArray Config::clusterSecret(QString *error) const
{
    const QString inline_ = value(QStringLiteral("secret"));
    if (!inline_.isEmpty()) {
        // Short secrets are guessable, and "secret", "changeme" and the like are all short.
        if (inline_.toUtf8().size() >= minimumSecretBytes)
            return inline_.toUtf8();
        if (error)
            *error = QStringLiteral("The secret given with --secret (or SIMPLEMMO_SECRET) is shorter than %1 "
                                    "characters; leave it out to have one generated")
                         .arg(minimumSecretBytes);
        return {};
    }

    QString path = value(QStringLiteral("secret-file"));
    const bool generated = path.isEmpty();
    if (generated)
        path = QDir(dataDir()).filePath(QStringLiteral("cluster.secret"));

    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray secret = file.readAll().trimmed();
        if (secret.size() >= minimumSecretBytes)
            return secret;
        if (error)
            *error = QStringLiteral("The secret in %1 is shorter than %2 characters")
                         .arg(path)
                         .arg(minimumSecretBytes);
        return {};
    }
    if (!generated) {
        if (error)
            *error = QStringLiteral("Cannot read the secret file %1: %2").arg(path, file.errorString());
        return {};
    }

    // First start: generate the cluster secret. Every server sharing the data dir then uses it.
    // Written to a temporary file and renamed without replacing, so when several servers start
    // together exactly one secret wins and everybody reads that one.
    QDir().mkpath(dataDir());
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(random.data()),
                                         reinterpret_cast<quint32 *>(random.data() + random.size()));
    QTemporaryFile out(path + QStringLiteral(".XXXXXX"));
    if (!out.open()) {
        if (error)
            *error = QStringLiteral("Cannot create %1: %2").arg(path, out.errorString());
        return {};
    }
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(random.toHex() + '\n');
    out.flush();
    if (out.rename(path)) {
        out.setAutoRemove(false);
        qCInfo(lcConfig, "generated a new cluster secret in %s", qPrintable(path));
    }
    QFile written(path);
    if (written.open(QIODevice::ReadOnly))
        return written.readAll().trimmed();
    if (error)
        *error = QStringLiteral("Cannot read %1: %2").arg(path, written.errorString());
    return {};
}

} // namespace smmo
