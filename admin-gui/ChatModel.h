// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSet>

namespace smmo::admin {

/// One chat line as a zone's `GET /messages` or the master's `GET /chat/global` lists it, or as
/// a zone's stream sends it (`chat`, with `scope` and, for tells, `to`).
struct ChatLine
{
    qint64 id = 0; ///< 0 for lines that were not stored (a tell sent on to another zone)
    QString sender;
    QString recipient; ///< tells only
    QString body;
    QString sentText; ///< as the server wrote it (the next poll's `since`)
    QDateTime sent;
    bool playerGenerated = true;

    static ChatLine fromJson(const QJsonObject &json);
};

/// A chat log: time, sender (and for tells the recipient) and text of each line, oldest first.
/// Lines already shown (the `since` of a poll includes the last line again) are skipped by id;
/// the oldest go beyond `maximumLines`.
class ChatModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Sender, Text, ColumnCount };

    explicit ChatModel(QObject *parent = nullptr);

    /// Appends the lines not seen yet; returns how many were new.
    int append(const QList<ChatLine> &lines);
    void clear();
    void setMaximumLines(int lines) { m_maximum = lines; }
    const QList<ChatLine> &lines() const { return m_lines; }
    bool containsText(const QString &sender, const QString &text) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ChatLine> m_lines;
    QSet<qint64> m_ids;
    int m_maximum = 5000;
};

} // namespace smmo::admin
