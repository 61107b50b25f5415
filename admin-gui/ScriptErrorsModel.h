// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace smmo::admin {

/// A zone's recent script errors as its `GET /admin/scripts` lists them, newest first: faults of a
/// script on an object (which handler, what it said, whether the script is now disabled there)
/// and scripts that failed to load.
class ScriptErrorsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Kind, Object, Script, Handler, Message, ColumnCount };

    explicit ScriptErrorsModel(QObject *parent = nullptr);

    /// The zone's list (oldest first, as the zone sends it); the model shows it newest first.
    void setErrors(const QJsonArray &errors);
    void clear();
    QJsonObject error(int row) const { return m_errors.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QJsonObject> m_errors; ///< newest first
    QJsonArray m_source;
};

} // namespace smmo::admin
