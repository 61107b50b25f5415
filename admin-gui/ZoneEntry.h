// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrl>

#include <optional>

namespace smmo::admin {

/// One zone as the master's `GET /zones` lists it, with the live figures of its /health.
struct ZoneEntry
{
    QString id;
    QString state; ///< starting, running, stopping or crashed
    QUrl url;
    qint64 pid = 0;
    bool adopted = false;
    QString error;       ///< why it crashed
    QString healthError; ///< its /health did not answer
    std::optional<int> players;
    std::optional<int> objects;
    std::optional<double> tickMsP99;
    std::optional<double> uptimeSeconds;
    QJsonObject health; ///< the zone's whole /health answer
    QJsonObject raw;    ///< the entry as the master sent it

    static ZoneEntry fromJson(const QJsonObject &json);
    bool isRunning() const { return state == QLatin1String("running"); }
    bool operator==(const ZoneEntry &other) const { return raw == other.raw; }

    /// The state of a companion program (`scriptserver`, `physicsserver`) if the master or the
    /// zone's /health reports one, else nullopt: older masters say nothing about companions.
    std::optional<QString> companionState(const QString &role) const;
    /// The master's whole entry about a companion (`restarts`, `last_exit`, ...), empty when none.
    QJsonObject companionDetails(const QString &role) const;
    /// Whether the master lists the zone's companions at all (then a missing one was not started).
    bool reportsCompanions() const;
};

} // namespace smmo::admin
