// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CommandRegistry.h"

#include <QCoreApplication>
#include <QProcess>

namespace smmo::cli {

void CommandRegistry::add(Command command)
{
    m_commands.append(std::move(command));
}

const Command *CommandRegistry::find(const QString &name) const
{
    const QString key = name.toLower();
    for (const auto &command : m_commands)
        if (command.name == key || command.aliases.contains(key))
            return &command;
    return nullptr;
}

QStringList CommandRegistry::names() const
{
    QStringList list;
    for (const auto &command : m_commands)
        list << command.name << command.aliases;
    list.sort();
    return list;
}

QString CommandRegistry::helpText() const
{
    qsizetype width = 0;
    for (const auto &command : m_commands)
        width = std::max(width, command.usage.size());
    QString text = QCoreApplication::translate("cli", "Commands (help <command> for details):") + QLatin1Char('\n');
    for (const auto &command : m_commands)
        text += QStringLiteral("  %1  %2\n").arg(command.usage.leftJustified(width), command.summary);
    return text;
}

QString CommandRegistry::helpText(const QString &name) const
{
    const Command *command = find(name);
    if (!command)
        return QCoreApplication::translate("cli", "No such command: %1. Type help for the list.").arg(name);
    QString text = QCoreApplication::translate("cli", "Usage: %1\n%2").arg(command->usage, command->summary);
    if (!command->aliases.isEmpty())
        text += QLatin1Char('\n') + QCoreApplication::translate("cli", "Also: %1").arg(command->aliases.join(QStringLiteral(", ")));
    if (!command->example.isEmpty())
        text += QLatin1Char('\n') + QCoreApplication::translate("cli", "Example: %1").arg(command->example);
    return text;
}

QStringList CommandRegistry::split(const QString &line)
{
    return QProcess::splitCommand(line);
}

QStringList CommandRegistry::splitCommands(const QString &text)
{
    QStringList commands;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        if (c == QLatin1Char(';') && !quoted) {
            if (!current.trimmed().isEmpty())
                commands << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty())
        commands << current.trimmed();
    return commands;
}

} // namespace smmo::cli
