// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo: starts a whole SimpleMMO cluster on this machine with one configuration, then either
// waits (Ctrl+C stops everything) or, with --cli, runs the client prompt against it.
#include "Config.h"
#include "Launcher.h"
#include "Logging.h"
#include "UnixSignals.h"
#include "Version.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

using smmo::Config;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("simplemmo"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIMPLEMMO_VERSION));
    smmo::installLogFormat();

    Config config(QStringLiteral("launcher"),
                  QStringLiteral("SimpleMMO launcher: starts the AuthServer, CharServer and MasterZoneServer."));
    config.addOption({QStringLiteral("data-dir"), QStringLiteral("Data directory shared by the servers."),
                      QStringLiteral("data"), QStringLiteral("dir")});
    config.addOption({QStringLiteral("database"), QStringLiteral("Database URL for every server."), QString(),
                      QStringLiteral("url")});
    config.addOption({QStringLiteral("cli"), QStringLiteral("Open the client prompt once the servers run."), {},
                      {}, true});
    const auto parsed = config.parse(QCoreApplication::arguments());
    if (!parsed.proceed) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
        return parsed.exitCode;
    }

    // Every child gets the same configuration file, data dir and database.
    QStringList shared{QStringLiteral("--data-dir"), config.dataDir()};
    if (!config.value(QStringLiteral("config")).isEmpty())
        shared << QStringLiteral("--config") << QFileInfo(config.value(QStringLiteral("config"))).absoluteFilePath();
    if (!config.value(QStringLiteral("database")).isEmpty())
        shared << QStringLiteral("--database") << config.value(QStringLiteral("database"));

    const QString binDir = QCoreApplication::applicationDirPath();
    smmo::Launcher launcher(binDir, config.dataDir() + QStringLiteral("/logs"));
    for (const char *role : {"authserver", "charserver", "masterzoneserver"})
        if (QFileInfo::exists(binDir + QStringLiteral("/simplemmo-") + QLatin1String(role)))
            launcher.add(QLatin1String(role), shared);

    QTextStream out(stdout);
    if (!launcher.start()) {
        QTextStream(stderr) << launcher.error() << Qt::endl;
        return 1;
    }
    out << "SimpleMMO " << SIMPLEMMO_VERSION << " is running (data in " << config.dataDir() << "):" << Qt::endl;
    for (const auto &child : launcher.children())
        out << "  " << child.role.leftJustified(18) << child.url.toString() << Qt::endl;

    smmo::UnixSignals signals_;
    QObject::connect(&signals_, &smmo::UnixSignals::terminationRequested, &app, [] { QCoreApplication::quit(); });
    QObject::connect(&launcher, &smmo::Launcher::childDied, &app, [](const QString &role, int code) {
        qCCritical(lcLauncher, "%s exited (code %d); stopping the cluster", qPrintable(role), code);
        QCoreApplication::exit(1);
    });

    QProcess cli;
    const QString cliPath = binDir + QStringLiteral("/simplemmo-cli");
    if (config.boolValue(QStringLiteral("cli"))) {
        if (QFileInfo::exists(cliPath)) {
            cli.setProcessChannelMode(QProcess::ForwardedChannels);
            cli.setInputChannelMode(QProcess::ForwardedInputChannel);
            QObject::connect(&cli, &QProcess::finished, &app, [](int code) { QCoreApplication::exit(code); });
            cli.start(cliPath, shared);
        } else {
            out << "The client prompt (simplemmo-cli) is not built yet; the servers run until Ctrl+C." << Qt::endl;
        }
    } else {
        out << "Ctrl+C stops them." << Qt::endl;
    }
    const int code = QCoreApplication::exec();
    launcher.stop();
    return code;
}
