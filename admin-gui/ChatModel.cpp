// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ChatModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

namespace smmo::admin {

ChatLine ChatLine::fromJson(const QJsonObject &json)
{
    ChatLine line;
    line.id = json.value(QStringLiteral("id")).toInteger();
    line.sender = json.value(QStringLiteral("sender")).toString();
    line.recipient = json.value(QStringLiteral("to")).toString();
    line.body = json.value(QStringLiteral("body")).toString();
    line.sentText = json.value(QStringLiteral("sent")).toString();
    line.sent = QDateTime::fromString(line.sentText, Qt::ISODateWithMs);
    line.playerGenerated = json.value(QStringLiteral("player_generated")).toBool(true);
    return line;
}

ChatModel::ChatModel(QObject *parent) : QAbstractTableModel(parent) {}

int ChatModel::append(const QList<ChatLine> &lines)
{
    QList<ChatLine> fresh;
    for (const ChatLine &line : lines) {
        if (line.id == 0) { // not stored, so never listed twice
            fresh.append(line);
        } else if (!m_ids.contains(line.id)) {
            m_ids.insert(line.id);
            fresh.append(line);
        }
    }
    if (fresh.isEmpty())
        return 0;
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_lines.append(fresh);
    endInsertRows();
    if (m_lines.size() > m_maximum) {
        const int excess = int(m_lines.size()) - m_maximum;
        beginRemoveRows({}, 0, excess - 1);
        for (int i = 0; i < excess; ++i)
            m_ids.remove(m_lines.at(i).id);
        m_lines.remove(0, excess);
        endRemoveRows();
    }
    return int(fresh.size());
}

void ChatModel::clear()
{
    beginResetModel();
    m_lines.clear();
    m_ids.clear();
    endResetModel();
}

bool ChatModel::containsText(const QString &sender, const QString &text) const
{
    for (const ChatLine &line : m_lines)
        if (line.sender == sender && line.body == text)
            return true;
    return false;
}

int ChatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int ChatModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChatModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const ChatLine &line = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return line.sent.isValid()
                       ? QLocale().toString(line.sent.toLocalTime().time(), QStringLiteral("HH:mm:ss"))
                       : line.sentText;
        case Sender:
            return line.recipient.isEmpty()
                       ? line.sender
                       : tr("%1 → %2", "a tell: sender → recipient").arg(line.sender, line.recipient);
        case Text:
            return line.body;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Time && line.sent.isValid())
            return QLocale().toString(line.sent.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Sender && !line.playerGenerated)
            return tr("Not said by a player: the server or an object's script");
        return index.column() == Text ? QVariant(line.body) : QVariant();
    case Qt::FontRole:
        if (!line.playerGenerated) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Sender)
            return QBrush(line.playerGenerated ? QColor(0x20, 0x50, 0x90) : QColor(0x90, 0x50, 0x00));
        return {};
    }
    return {};
}

QVariant ChatModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Sender:
        return tr("Sender");
    case Text:
        return tr("Message");
    }
    return {};
}

} // namespace smmo::admin
