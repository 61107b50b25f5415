// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneEntry.h"

#include <QJsonArray>

namespace smmo::admin {

namespace {

std::optional<int> optionalInt(const QJsonObject &json, const char *key)
{
    const QJsonValue value = json.value(QLatin1String(key));
    return value.isDouble() ? std::optional<int>(value.toInt()) : std::nullopt;
}

std::optional<double> optionalDouble(const QJsonObject &json, const char *key)
{
    const QJsonValue value = json.value(QLatin1String(key));
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

// A companion's description, whatever shape it comes in: a plain state string, or an object
// with a `state` (or `status`) and perhaps `connected`.
std::optional<QString> describe(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("connected") : QStringLiteral("not connected");
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    for (const char *key : {"state", "status"})
        if (object.value(QLatin1String(key)).isString())
            return object.value(QLatin1String(key)).toString();
    if (object.value(QStringLiteral("connected")).isBool())
        return object.value(QStringLiteral("connected")).toBool() ? QStringLiteral("connected")
                                                                  : QStringLiteral("not connected");
    return std::nullopt;
}

// Whether a companion's key or name means the role, e.g. "simplemmo-scriptserver" or "scripts"
// for "scriptserver".
bool names(const QString &key, const QString &role)
{
    const QString plain = QString(key).remove(QStringLiteral("simplemmo-")).toLower();
    const QString stem = QString(role).remove(QStringLiteral("server"));
    return plain == role || plain.startsWith(stem);
}

} // namespace

ZoneEntry ZoneEntry::fromJson(const QJsonObject &json)
{
    ZoneEntry entry;
    entry.raw = json;
    entry.id = json.value(QStringLiteral("id")).toString();
    entry.state = json.value(QStringLiteral("state")).toString();
    entry.url = QUrl(json.value(QStringLiteral("url")).toString());
    entry.pid = json.value(QStringLiteral("pid")).toInteger();
    entry.adopted = json.value(QStringLiteral("adopted")).toBool();
    entry.error = json.value(QStringLiteral("error")).toString();
    entry.healthError = json.value(QStringLiteral("health_error")).toString();
    entry.players = optionalInt(json, "players");
    entry.objects = optionalInt(json, "objects");
    entry.tickMsP99 = optionalDouble(json, "tick_ms_p99");
    entry.uptimeSeconds = optionalDouble(json, "uptime");
    entry.health = json.value(QStringLiteral("health")).toObject();
    return entry;
}

std::optional<QString> ZoneEntry::companionState(const QString &role) const
{
    for (const QJsonObject &source : {raw, health}) {
        const QJsonValue companions = source.value(QStringLiteral("companions"));
        if (companions.isObject()) {
            const QJsonObject map = companions.toObject();
            for (auto it = map.begin(); it != map.end(); ++it)
                if (names(it.key(), role))
                    return describe(*it);
        } else if (companions.isArray()) {
            for (const QJsonValue &item : companions.toArray()) {
                const QJsonObject object = item.toObject();
                const QString name =
                    object.value(QStringLiteral("name"))
                        .toString(object.value(QStringLiteral("program"))
                                      .toString(object.value(QStringLiteral("role")).toString()));
                if (names(name, role))
                    return describe(object);
            }
        }
        // A zone may report its bus clients by role (e.g. "scriptserver": {"connected": true}).
        for (auto it = source.begin(); it != source.end(); ++it)
            if (it.key() != QLatin1String("companions") && names(it.key(), role) &&
                it.key().contains(QStringLiteral("server")))
                if (auto state = describe(*it))
                    return state;
    }
    return std::nullopt;
}

QJsonObject ZoneEntry::companionDetails(const QString &role) const
{
    const QJsonValue companions = raw.value(QStringLiteral("companions"));
    if (companions.isObject()) {
        const QJsonObject map = companions.toObject();
        for (auto it = map.begin(); it != map.end(); ++it)
            if (names(it.key(), role))
                return it->toObject();
    }
    for (const QJsonValue &item : companions.toArray())
        if (names(item.toObject().value(QStringLiteral("name")).toString(), role))
            return item.toObject();
    return {};
}

bool ZoneEntry::reportsCompanions() const
{
    return raw.value(QStringLiteral("companions")).isArray() ||
           raw.value(QStringLiteral("companions")).isObject();
}

} // namespace smmo::admin
