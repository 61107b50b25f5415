// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-bots: a load generator. N bots log in (accounts and characters made on demand), play
// in one zone (or a Colyseus room, for comparison), walk and chat, and the run reports what they
// measured: moves, updates, move->seen and say->heard latency, errors, and the cost on both sides.
#include "BotsApp.h"
#include "Config.h"
#include "ProcessStats.h"
#include "UnixSignals.h"
#include "Version.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("simplemmo-bots"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIMPLEMMO_VERSION));
    // A crowd at a server's limit makes many alike warnings; the summary counts them instead.
    QLoggingCategory::setFilterRules(QStringLiteral("simplemmo.service.warning=false"));

    smmo::Config config(
        QStringLiteral("bots"),
        QStringLiteral("SimpleMMO load bots: N players that log in, walk and chat in one zone."));
    smmo::bots::RunOptions::addOptions(config);
    const auto parsed = config.parse(QCoreApplication::arguments());
    if (!parsed.proceed) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
        return parsed.exitCode;
    }
    smmo::bots::RunOptions options;
    QString error;
    if (!options.read(config, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return 2;
    }
    // Every bot is a socket: the soft limit of open files (often 1024) would stop a crowd early.
    const qint64 files = smmo::bots::ProcessStats::raiseFileLimit();
    if (files >= 0 && files < options.bots + 64)
        QTextStream(stderr) << "simplemmo-bots: only " << files
                            << " open files allowed; raise the hard limit (ulimit -Hn)" << Qt::endl;

    smmo::bots::BotsApp bots(options);
    smmo::UnixSignals signals_;
    QObject::connect(&signals_, &smmo::UnixSignals::terminationRequested, &bots,
                     &smmo::bots::BotsApp::interrupt);
    QMetaObject::invokeMethod(&bots, &smmo::bots::BotsApp::start, Qt::QueuedConnection);
    return QCoreApplication::exec();
}
