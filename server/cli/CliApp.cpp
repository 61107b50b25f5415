// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CliApp.h"

#include "Config.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>

namespace smmo::cli {

namespace {
QString historyFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("cli_history"));
}
} // namespace

void CliApp::addOptions(Config &config)
{
    config.addOption({QStringLiteral("auth-url"), tr("AuthServer URL."),
                      QStringLiteral("http://127.0.0.1:1234"), QStringLiteral("url")});
    config.addOption({QStringLiteral("char-url"), tr("CharServer URL."),
                      QStringLiteral("http://127.0.0.1:1235"), QStringLiteral("url")});
    config.addOption({QStringLiteral("master-url"), tr("MasterZoneServer URL."),
                      QStringLiteral("http://127.0.0.1:1236"), QStringLiteral("url")});
    config.addOption({QStringLiteral("command"), tr("Run these commands (separated by ;) and exit."),
                      QString(), QStringLiteral("commands")});
    config.addOption({QStringLiteral("data-dir"), tr("Ignored (accepted so the launcher can pass it)."),
                      QString(), QStringLiteral("dir")});
    config.addOption({QStringLiteral("database"), tr("Ignored (accepted so the launcher can pass it)."),
                      QString(), QStringLiteral("url")});
}

CliApp::CliApp(const Config &config, bool interactive, QObject *parent)
    : QObject(parent),
      m_session(QUrl(config.value(QStringLiteral("auth-url"))), QUrl(config.value(QStringLiteral("char-url"))),
                QUrl(config.value(QStringLiteral("master-url")))),
      m_editor(interactive, interactive ? historyFile() : QString())
{
    registerGeneralCommands();
    registerAccountCommands();
    registerZoneCommands();
    connectStream();
    m_editor.setCompleter([this](const QString &before) { return completions(before); });
    connect(&m_editor, &LineEditor::lineEntered, this, &CliApp::execute);
    connect(&m_editor, &LineEditor::endOfInput, this, [this] {
        m_quitting = true;
        if (!m_busy)
            QCoreApplication::exit(m_scripted && m_failures ? 1 : 0);
    });
}

void CliApp::runScript(const QStringList &commands)
{
    m_scripted = true;
    m_commandMode = true;
    m_editor.setPaused(true);
    for (const auto &command : commands)
        m_script.enqueue(command);
    QTimer::singleShot(0, this, &CliApp::next);
}

void CliApp::runInteractive()
{
    m_scripted = !m_editor.isInteractive();
    if (m_editor.isInteractive())
        print(QCoreApplication::translate("cli", "SimpleMMO client. Type help for the commands, quit to leave."));
    updatePrompt();
}

void CliApp::next()
{
    if (m_quitting || m_script.isEmpty()) {
        QCoreApplication::exit(m_failures ? 1 : 0);
        return;
    }
    execute(m_script.dequeue());
}

void CliApp::execute(const QString &line)
{
    const QStringList words = CommandRegistry::split(line);
    if (words.isEmpty() || words.first().startsWith(QLatin1Char('#'))) {
        if (m_commandMode)
            QTimer::singleShot(0, this, &CliApp::next);
        return;
    }
    const Command *command = m_commands.find(words.first());
    const QStringList args = words.mid(1);
    if (!command) {
        m_busy = true;
        printError(QCoreApplication::translate("cli", "Unknown command: %1. Type help for the list.").arg(words.first()));
        finish(false);
        return;
    }
    if (args.size() < command->minArgs || (command->maxArgs >= 0 && args.size() > command->maxArgs)) {
        m_busy = true;
        printError(QCoreApplication::translate("cli", "Usage: %1").arg(command->usage));
        finish(false);
        return;
    }
    m_busy = true;
    m_editor.setPaused(true);
    command->handler(args, done());
}

Done CliApp::done()
{
    // Guarded so a handler that answers twice (or after quitting) does no harm.
    auto called = std::make_shared<bool>(false);
    return [this, called](bool ok) {
        if (*called)
            return;
        *called = true;
        finish(ok);
    };
}

void CliApp::finish(bool ok)
{
    if (!ok)
        ++m_failures;
    m_busy = false;
    updatePrompt();
    if (m_quitting) {
        QCoreApplication::exit(m_scripted && m_failures ? 1 : 0);
        return;
    }
    if (m_commandMode) {
        QTimer::singleShot(0, this, &CliApp::next);
        return;
    }
    m_editor.setPaused(false);
}

void CliApp::updatePrompt()
{
    QString prompt = m_session.isLoggedIn() ? m_session.user() : tr("guest");
    if (!m_session.character.isEmpty())
        prompt += QLatin1Char('/') + m_session.character;
    if (!m_session.zoneId.isEmpty())
        prompt += QLatin1Char('@') + m_session.zoneId
                  + tr(" [%1 in view]").arg(std::max<qsizetype>(0, m_session.stream().objects().size() - 1));
    m_editor.setPrompt(prompt + QStringLiteral("> "));
}

void CliApp::printError(const QString &text)
{
    print(QCoreApplication::translate("cli", "error: %1").arg(text));
}

QStringList CliApp::completions(const QString &lineBeforeWord) const
{
    const QStringList words = CommandRegistry::split(lineBeforeWord);
    if (words.isEmpty())
        return m_commands.names();
    const QString command = words.first().toLower();
    if (command == QLatin1String("help"))
        return m_commands.names();
    if (command == QLatin1String("play"))
        return m_session.characters;
    // Object names for the commands that take one.
    QStringList names;
    for (const auto &object : m_session.stream().objects())
        names << object.value(QStringLiteral("name")).toString();
    names.removeDuplicates();
    return names;
    return {};
}

} // namespace smmo::cli
