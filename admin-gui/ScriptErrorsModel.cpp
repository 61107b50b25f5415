// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptErrorsModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace smmo::admin {

ScriptErrorsModel::ScriptErrorsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ScriptErrorsModel::setErrors(const QJsonArray &errors)
{
    if (errors == m_source)
        return; // polled every few seconds; mostly nothing new
    beginResetModel();
    m_source = errors;
    m_errors.clear();
    for (qsizetype i = errors.size() - 1; i >= 0; --i)
        m_errors.append(errors.at(i).toObject());
    endResetModel();
}

void ScriptErrorsModel::clear()
{
    setErrors({});
}

int ScriptErrorsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_errors.size());
}

int ScriptErrorsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScriptErrorsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_errors.size())
        return {};
    const QJsonObject &error = m_errors.at(index.row());
    const bool isLoad = error.value(QStringLiteral("kind")).toString() == QLatin1String("load");
    const QDateTime time =
        QDateTime::fromString(error.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return time.isValid() ? QLocale().toString(time.toLocalTime().time(), QStringLiteral("HH:mm:ss"))
                                  : error.value(QStringLiteral("time")).toString();
        case Kind:
            if (isLoad)
                return tr("does not load");
            return error.value(QStringLiteral("disabled")).toBool()
                       ? tr("fault %1, disabled").arg(error.value(QStringLiteral("faults")).toInt())
                       : tr("fault %1").arg(error.value(QStringLiteral("faults")).toInt());
        case Object:
            return isLoad ? QString()
                          : QStringLiteral("%1 #%2").arg(
                                error.value(QStringLiteral("object")).toString(),
                                QString::number(error.value(QStringLiteral("id")).toInteger()));
        case Script:
            return error.value(QStringLiteral("script")).toString();
        case Handler:
            return error.value(QStringLiteral("handler")).toString();
        case Message:
            return error.value(QStringLiteral("message")).toString();
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Time && time.isValid())
            return QLocale().toString(time.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Kind)
            return isLoad ? tr("The script's latest version did not load; objects keep running the version "
                               "before it, if there was one.")
                          : tr("A handler threw, ran past its time budget or misused the API. A script "
                               "that faults too often is disabled on that object until it is reloaded.");
        if (index.column() == Message)
            return error.value(QStringLiteral("message")).toString();
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == Kind &&
        (isLoad || error.value(QStringLiteral("disabled")).toBool()))
        return QBrush(QColor(0xb0, 0x20, 0x20));
    return {};
}

QVariant ScriptErrorsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Kind:
        return tr("Kind");
    case Object:
        return tr("Object");
    case Script:
        return tr("Script");
    case Handler:
        return tr("Handler");
    case Message:
        return tr("Message");
    }
    return {};
}

} // namespace smmo::admin
