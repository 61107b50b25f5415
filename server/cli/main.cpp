// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-cli: the interactive client prompt (or a scripted one: -c "cmd; cmd", or stdin).
#include "CliApp.h"
#include "Config.h"
#include "Translations.h"
#include "Version.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("simplemmo"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIMPLEMMO_VERSION));
    // Before the options are declared: their --help texts are translated when they are made.
    smmo::installTranslations(QStringLiteral("simplemmo_cli"));

    // The prompt prints its own one-line errors; the library's warnings would say the same again
    // (and a shared cluster config file has keys meant for the servers only).
    QLoggingCategory::setFilterRules(QStringLiteral("simplemmo.*.warning=false"));

    smmo::Config config(QStringLiteral("cli"), QCoreApplication::translate("cli", "SimpleMMO client prompt."));
    smmo::cli::CliApp::addOptions(config);
    // -c is the short spelling of --command, as in sh -c.
    QStringList arguments = QCoreApplication::arguments();
    for (auto &argument : arguments)
        if (argument == QLatin1String("-c"))
            argument = QStringLiteral("--command");
    const auto parsed = config.parse(arguments);
    if (!parsed.proceed) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
        return parsed.exitCode;
    }

    const QString commands = config.value(QStringLiteral("command"));
    const bool interactive = commands.isEmpty() && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    smmo::cli::CliApp cli(config, interactive);
    if (!commands.isEmpty())
        cli.runScript(smmo::cli::CommandRegistry::splitCommands(commands));
    else
        cli.runInteractive();
    return QCoreApplication::exec();
}
