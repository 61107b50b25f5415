// SPDX-License-Identifier: AGPL-3.0-or-later
#include "DatabaseUrl.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace smmo {

namespace {

constexpr int PostgresDefaultPort = 5432;
constexpr int MySqlDefaultPort = 3306;

bool fail(QString *errorMessage, const QString &message)
{
    if (errorMessage)
        *errorMessage = message;
    return false;
}

// Options go into QtSql's "key=value;key=value" string, so neither part may hold a ';'.
bool parseOptions(const QString &query, DatabaseUrl::Options *options, QString *errorMessage)
{
    if (query.isEmpty())
        return true;
    const QUrlQuery items(query);
    for (const auto &[key, value] : items.queryItems(QUrl::FullyDecoded)) {
        if (key.isEmpty())
            return fail(errorMessage, QStringLiteral("empty option name in the query"));
        if (key.contains(u';') || value.contains(u';') || key.contains(u'='))
            return fail(errorMessage, QStringLiteral("option '%1' contains ';' or '='").arg(key));
        options->append({key, value});
    }
    return true;
}

bool isSecretOption(const QString &key)
{
    const QString lower = key.toLower();
    return lower.contains(QLatin1String("password")) || lower.contains(QLatin1String("passwd")) ||
           lower.contains(QLatin1String("secret"));
}

QString encode(const QString &text, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keep));
}

} // namespace

QString dialectName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite:
        return QStringLiteral("SQLite");
    case Dialect::PostgreSQL:
        return QStringLiteral("PostgreSQL");
    case Dialect::MySQL:
        return QStringLiteral("MySQL");
    }
    return {};
}

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, const QString &baseDir,
                                              QString *errorMessage)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        fail(errorMessage, QStringLiteral("empty database URL"));
        return std::nullopt;
    }
    const qsizetype colon = trimmed.indexOf(u':');
    if (colon <= 0) {
        fail(errorMessage,
             QStringLiteral("database URL has no scheme (expected sqlite:, postgres:// or mysql://)"));
        return std::nullopt;
    }

    DatabaseUrl url;
    url.m_scheme = trimmed.left(colon).toLower();

    if (url.m_scheme == QLatin1String("sqlite")) {
        url.m_dialect = Dialect::SQLite;
        QString rest = trimmed.mid(colon + 1);
        const qsizetype question = rest.indexOf(u'?');
        if (question >= 0) {
            if (!parseOptions(rest.mid(question + 1), &url.m_options, errorMessage))
                return std::nullopt;
            rest.truncate(question);
        }
        if (rest == QLatin1String(":memory:")) {
            url.m_databaseName = rest;
            return url;
        }
        if (rest.startsWith(QLatin1String("//"))) {
            // sqlite:///abs/path: the authority between "//" and the path must be empty.
            if (!rest.startsWith(QLatin1String("///"))) {
                fail(errorMessage, QStringLiteral("SQLite URLs take no host: use sqlite:///absolute/path.db "
                                                  "or sqlite:relative/path.db"));
                return std::nullopt;
            }
            rest = rest.mid(2);
        }
        const QString path = QUrl::fromPercentEncoding(rest.toUtf8());
        if (path.isEmpty() || path == QLatin1String("/")) {
            fail(errorMessage, QStringLiteral("SQLite URL has no file path"));
            return std::nullopt;
        }
        const QDir base(baseDir.isEmpty() ? QDir::currentPath() : baseDir);
        url.m_databaseName = QDir::cleanPath(base.absoluteFilePath(path));
        return url;
    }

    if (url.m_scheme == QLatin1String("postgres") || url.m_scheme == QLatin1String("postgresql")) {
        url.m_dialect = Dialect::PostgreSQL;
        url.m_port = PostgresDefaultPort;
    } else if (url.m_scheme == QLatin1String("mysql") || url.m_scheme == QLatin1String("mariadb")) {
        url.m_dialect = Dialect::MySQL;
        url.m_port = MySqlDefaultPort;
    } else {
        fail(errorMessage,
             QStringLiteral("unknown database type '%1' (expected sqlite, postgres, postgresql, "
                            "mysql or mariadb)")
                 .arg(url.m_scheme));
        return std::nullopt;
    }

    const QUrl parsed(trimmed, QUrl::StrictMode);
    if (!parsed.isValid()) {
        // QUrl's message ends with "; source was <the whole URL>", which would leak the password.
        QString reason = parsed.errorString();
        const qsizetype source = reason.indexOf(QLatin1String("; source was"));
        if (source >= 0)
            reason.truncate(source);
        fail(errorMessage, QStringLiteral("malformed %1 URL: %2").arg(url.m_scheme, reason));
        return std::nullopt;
    }
    if (!trimmed.mid(colon + 1).startsWith(QLatin1String("//"))) {
        fail(errorMessage,
             QStringLiteral("%1 URL must look like %1://user:password@host:port/database").arg(url.m_scheme));
        return std::nullopt;
    }
    if (parsed.hasFragment()) {
        fail(errorMessage, QStringLiteral("unexpected '#' in the database URL (percent-encode it as %23)"));
        return std::nullopt;
    }
    // An empty host is allowed: the driver then uses its default (a local socket).
    url.m_host = parsed.host(QUrl::FullyDecoded);
    if (parsed.port() == 0) {
        fail(errorMessage, QStringLiteral("port 0 is not a valid database port"));
        return std::nullopt;
    }
    if (parsed.port() > 0)
        url.m_port = parsed.port();
    url.m_userName = parsed.userName(QUrl::FullyDecoded);
    url.m_password = parsed.password(QUrl::FullyDecoded);
    QString path = parsed.path(QUrl::FullyDecoded);
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (path.isEmpty()) {
        fail(errorMessage,
             QStringLiteral("%1 URL has no database name (.../database at the end)").arg(url.m_scheme));
        return std::nullopt;
    }
    if (path.contains(u'/')) {
        fail(errorMessage, QStringLiteral("database name '%1' must not contain '/'").arg(path));
        return std::nullopt;
    }
    url.m_databaseName = path;
    if (!parseOptions(parsed.query(QUrl::FullyEncoded), &url.m_options, errorMessage))
        return std::nullopt;
    return url;
}

QString DatabaseUrl::driverName() const
{
    switch (m_dialect) {
    case Dialect::SQLite:
        return QStringLiteral("QSQLITE");
    case Dialect::PostgreSQL:
        return QStringLiteral("QPSQL");
    case Dialect::MySQL:
        return QStringLiteral("QMYSQL");
    }
    return {};
}

QString DatabaseUrl::connectOptions() const
{
    QStringList parts;
    for (const auto &[key, value] : m_options)
        parts.append(value.isEmpty() ? key : key + u'=' + value);
    return parts.join(u';');
}

bool DatabaseUrl::isInMemory() const
{
    return m_dialect == Dialect::SQLite && m_databaseName == QLatin1String(":memory:");
}

DatabaseUrl DatabaseUrl::withDatabaseName(const QString &name) const
{
    DatabaseUrl copy = *this;
    copy.m_databaseName = name;
    return copy;
}

QString DatabaseUrl::toString() const
{
    return format(false);
}

QString DatabaseUrl::redacted() const
{
    return format(true);
}

QString DatabaseUrl::format(bool redact) const
{
    QString text;
    if (m_dialect == Dialect::SQLite) {
        if (isInMemory())
            text = QStringLiteral("sqlite::memory:");
        else
            text = QStringLiteral("sqlite://") + encode(m_databaseName, "/");
    } else {
        text = (m_scheme.isEmpty() ? QStringLiteral("postgres") : m_scheme) + QStringLiteral("://");
        if (!m_userName.isEmpty() || !m_password.isEmpty()) {
            text += encode(m_userName);
            if (!m_password.isEmpty())
                text += u':' + (redact ? QStringLiteral("***") : encode(m_password));
            text += u'@';
        }
        text += m_host.contains(u':') ? u'[' + m_host + u']' : encode(m_host);
        text += u':' + QString::number(m_port) + u'/' + encode(m_databaseName);
    }
    if (!m_options.isEmpty()) {
        QStringList parts;
        for (const auto &[key, value] : m_options) {
            const QString shown = redact && isSecretOption(key) ? QStringLiteral("***") : encode(value);
            parts.append(value.isEmpty() ? encode(key) : encode(key) + u'=' + shown);
        }
        text += u'?' + parts.join(u'&');
    }
    return text;
}

} // namespace smmo
