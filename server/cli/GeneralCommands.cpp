// SPDX-License-Identifier: AGPL-3.0-or-later
// help, quit, servers, wait: commands that need no login.
#include "CliApp.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>

#include <memory>

namespace smmo::cli {

void CliApp::registerGeneralCommands()
{
    m_commands.add({QStringLiteral("help"), QStringLiteral("help [command]"), tr("List the commands, or explain one."),
                    QStringLiteral("help login"), 0, 1,
                    [this](const QStringList &args, Done done) {
                        print(args.isEmpty() ? m_commands.helpText().trimmed() : m_commands.helpText(args.first()));
                        done(args.isEmpty() || m_commands.find(args.first()));
                    }});

    m_commands.add({QStringLiteral("quit"), QStringLiteral("quit"), tr("Leave the prompt."), {}, 0, 0,
                    [this](const QStringList &, Done done) {
                        m_quitting = true;
                        done(true);
                    },
                    {QStringLiteral("exit")}});

    m_commands.add(
        {QStringLiteral("servers"), QStringLiteral("servers"), tr("Show whether each server answers, and its version."),
         {}, 0, 0, [this](const QStringList &, Done done) {
             struct Pending { int left = 3; bool allUp = true; };
             auto pending = std::make_shared<Pending>();
             for (auto *client : {&m_session.auth(), &m_session.chars(), &m_session.master()}) {
                 const QString url = client->baseUrl().toString();
                 client->get(QStringLiteral("/health"), this, [this, url, pending, done](const ServiceResult &r) {
                     const QJsonObject health = r.object();
                     if (r.status == 0) {
                         pending->allUp = false;
                         print(tr("  %1  down (%2)").arg(url, r.error));
                     } else {
                         print(tr("  %1  %2 %3 %4, up %5 s")
                                   .arg(url, health.value(QStringLiteral("role")).toString(),
                                        health.value(QStringLiteral("version")).toString(),
                                        health.value(QStringLiteral("ready")).toBool() ? tr("ready") : tr("not ready"))
                                   .arg(qint64(health.value(QStringLiteral("uptime")).toDouble())));
                     }
                     if (--pending->left == 0)
                         done(pending->allUp);
                 });
             }
         }});

    m_commands.add({QStringLiteral("wait"), QStringLiteral("wait <seconds>"),
                    tr("Pause a script while live messages keep arriving."), QStringLiteral("wait 2"), 1, 1,
                    [this](const QStringList &args, Done done) {
                        bool ok = false;
                        const double seconds = args.first().toDouble(&ok);
                        if (!ok || seconds < 0 || seconds > 3600) {
                            printError(tr("wait takes a number of seconds from 0 to 3600."));
                            done(false);
                            return;
                        }
                        QTimer::singleShot(int(seconds * 1000), this, [done] { done(true); });
                    }});
}

} // namespace smmo::cli
