// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ChatMessage.h"

#include "ZoneTime.h"

namespace smmo {

QString ChatMessage::scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Zone:
        return QStringLiteral("zone");
    case Scope::Tell:
        return QStringLiteral("tell");
    case Scope::Global:
        return QStringLiteral("global");
    }
    return {};
}

QJsonObject ChatMessage::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("sender"), sender},
            {QStringLiteral("body"), body},
            {QStringLiteral("loc_x"), locX},
            {QStringLiteral("loc_y"), locY},
            {QStringLiteral("loc_z"), locZ},
            {QStringLiteral("player_generated"), playerGenerated},
            {QStringLiteral("sent"), ZoneTime::isoMicros(sent)}};
}

QJsonObject ChatMessage::toStreamJson() const
{
    QJsonObject json = toJson();
    json.insert(QStringLiteral("type"), QStringLiteral("chat"));
    json.insert(QStringLiteral("scope"), scopeName(scope));
    if (scope == Scope::Tell)
        json.insert(QStringLiteral("to"), recipient);
    if (objectId != 0)
        json.insert(QStringLiteral("object"), objectId);
    return json;
}

} // namespace smmo
