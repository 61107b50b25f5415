// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

class QUrl;

namespace smmo {

class ZoneId;

/// Settings of one executable, resolved from (lowest to highest precedence) built-in defaults,
/// the INI file (`[general]` then the role's own section), `SIMPLEMMO_*` environment variables
/// and the command line. Every key is spelled the same way in all four places:
/// key `data-dir` is `data-dir=` in the file, `SIMPLEMMO_DATA_DIR` in the environment and
/// `--data-dir` on the command line.
class Config
{
public:
    struct Option
    {
        QString key;
        QString description;
        QString defaultValue;
        QString valueName = QStringLiteral("value");
        bool isFlag = false; ///< a switch without value: "true" when given
    };

    enum class Source { Default, File, Environment, CommandLine };

    struct ParseResult
    {
        bool proceed = true; ///< false: the program should exit with exitCode (help, version, errors)
        int exitCode = 0;
        QString output; ///< text to print (help/version on stdout, errors on stderr)
    };

    /// role: the executable's role name, e.g. "authserver"; it names the INI section.
    Config(QString role, QString description);

    /// The options every server has: config, bind, port, data-dir, database, secret, ...
    void addServerOptions(quint16 defaultPort);
    void addOption(const Option &option);

    /// Parses arguments (argv as a list, program name first) and reads file and environment.
    /// The environment is passed in so tests stay independent of the process environment.
    ParseResult parse(const QStringList &arguments, const QHash<QString, QString> &environment);
    ParseResult parse(const QStringList &arguments);

    QString role() const { return m_role; }
    QString value(const QString &key) const;
    int intValue(const QString &key, int fallback = 0) const;
    bool boolValue(const QString &key) const;
    /// A whole number within [low, high] into *value; false with *error naming the option otherwise.
    bool readInt(const QString &key, int low, int high, int *value, QString *error) const;
    /// A finite number within [low, high] into *value; false with *error naming the option otherwise.
    bool readDouble(const QString &key, double low, double high, double *value, QString *error) const;
    /// The required --zone of a zone's companion (ScriptServer, PhysicsServer) or of a ZoneServer:
    /// a well-formed <instancetype>-<zonename>-<owner>; false with *error saying what is wrong.
    bool readZoneId(ZoneId *zone, QString *error) const;
    /// The required --zone-url of a zone's companion: an http(s) URL with a host.
    bool readZoneUrl(QUrl *url, QString *error) const;
    Source sourceOf(const QString &key) const;
    bool contains(const QString &key) const;
    void set(const QString &key, const QString &value); ///< overrides, as if from the command line

    /// The data directory as an absolute path (created on demand by whoever writes there).
    QString dataDir() const;
    /// The database URL; relative SQLite paths are resolved against the data directory by DatabaseUrl.
    QString databaseUrl() const;
    /// The cluster's shared token secret: `secret`, else the contents of `secret-file`, else
    /// `<data-dir>/cluster.secret`, generated (32 random bytes, mode 0600) when missing, so no
    /// cluster ever runs on a default secret. A secret given (inline or in a file) must have at
    /// least minimumSecretBytes. Empty with *error set when nothing could be had.
    QByteArray clusterSecret(QString *error = nullptr) const;
    static constexpr int minimumSecretBytes = 16;

    static QString environmentName(const QString &key);

private:
    const Option *findOption(const QString &key) const;

    QString m_role;
    QString m_description;
    QList<Option> m_options;
    QHash<QString, QString> m_values;
    QHash<QString, Source> m_sources;
};

} // namespace smmo
