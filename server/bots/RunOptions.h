// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace smmo {
class Config;
}

namespace smmo::bots {

/// Everything a run of simplemmo-bots is told (docs/bots.md lists the options).
struct RunOptions
{
    enum class Target { SimpleMmo, Colyseus };
    Target target = Target::SimpleMmo;
    QUrl authUrl, charUrl, masterUrl;
    QString zoneId;
    QUrl colyseusUrl;
    QString room;

    int bots = 10;
    int threads = 1;
    double seconds = 20; ///< the measured window
    double warmup = 3;   ///< after every bot is in, before measuring
    double joinTimeout = 120;
    double rampPerSecond = 200;
    double moveHz = 10;
    double chatPerSecond = 1; ///< lines per second across the whole swarm
    double spacing = 28;
    double walkRadius = 5;
    double originX = 200, originY = 200;
    QString prefix;
    QString password;
    QString admin;
    QString adminPassword;
    QByteArray adminToken; ///< obtained at the start when admin is set
    qint64 serverPid = 0;
    QString jsonFile;
    double progressSeconds = 1;
    unsigned seed = 1;
    bool stopZone = false;

    QString targetName() const
    {
        return target == Target::Colyseus ? QStringLiteral("colyseus") : QStringLiteral("simplemmo");
    }

    static void addOptions(Config &config);
    /// false with *error naming the option when a value is out of range.
    bool read(const Config &config, QString *error);
};

} // namespace smmo::bots
