// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace smmo {

class JsonWriter;

/// One object of a zone (a chicken, a barrel, a character) with the flat fields of the classic API.
struct ZoneObject
{
    qint64 id = 0;
    QString name;
    QString resource;
    QString owner; ///< the character a player object stands for; empty for world objects
    double locX = 0, locY = 0, locZ = 0;
    double rotX = 0, rotY = 0, rotZ = 0;
    double scaleX = 1, scaleY = 1, scaleZ = 1;
    double speed = 1; ///< metres per unit of movement input
    double velX = 0, velY = 0, velZ = 0;
    QStringList states;
    QStringList scripts;
    bool physical = false;
    /// What the object's scripts keep between runs (saved with the object); a JSON object of at
    /// most maxDataBytes in its compact form.
    QJsonObject data;
    qint64 lastModified = 0; ///< milliseconds since the epoch

    /// The classic JSON: id, name, resource, owner, loc_*, rot_*, scale_*, speed, vel_*, states,
    /// scripts, physical, last_modified (ISO-8601 with microseconds).
    QJsonObject toJson() const;
    /// What the zone's bus sees: the classic JSON plus `data`, which is the scripts' business and
    /// not shown to players.
    QJsonObject toBusJson() const;
    /// The fields a change can touch (id and last_modified aside), as bits of a mask.
    enum Field : quint32 {
        Name = 1u << 0,
        Resource = 1u << 1,
        Owner = 1u << 2,
        LocX = 1u << 3,
        LocY = 1u << 4,
        LocZ = 1u << 5,
        RotX = 1u << 6,
        RotY = 1u << 7,
        RotZ = 1u << 8,
        ScaleX = 1u << 9,
        ScaleY = 1u << 10,
        ScaleZ = 1u << 11,
        Speed = 1u << 12,
        VelX = 1u << 13,
        VelY = 1u << 14,
        VelZ = 1u << 15,
        States = 1u << 16,
        Scripts = 1u << 17,
        Physical = 1u << 18,
        Data = 1u << 19,
        Position = LocX | LocY | LocZ,
        AllFields = (1u << 20) - 1,
    };
    /// The fields in which other differs from this object.
    quint32 differences(const ZoneObject &other) const;

    /// toJson() (bus: toBusJson()) as compact JSON, byte for byte as QJsonDocument writes it, but
    /// written directly: every tick serialises each changed object once.
    QByteArray toCompactJson(bool bus = false) const;
    /// The same, or with fields other than AllFields only id, last_modified and those fields:
    /// what a client that already knows the object needs to learn a change (`data` only for the
    /// bus).
    void appendCompactJson(QByteArray &out, bool bus = false, quint32 fields = AllFields) const;
    void writeJson(JsonWriter &json, bool bus = false, quint32 fields = AllFields) const;

    /// Sets the given classic fields (any subset; not id or last_modified). Every field is checked
    /// before any is set, so a bad one (ApiError 400 naming it) changes nothing.
    void applyFields(const QJsonObject &fields);

    bool hasState(const QString &state) const { return states.contains(state); }
    bool isPlayer() const { return hasState(QStringLiteral("player")); }
    /// A player object's presence: state `online` (else `offline`).
    bool isOnline() const { return hasState(QStringLiteral("online")); }
    /// Collision radius in the x/y plane: half the larger horizontal scale.
    double radius() const { return 0.5 * qMax(scaleX, scaleY); }

    /// Largest coordinate the zone accepts; keeps the spatial grid's cell numbers in range.
    static constexpr double maxCoordinate = 1e6;
    /// Largest `data` accepted, in bytes of compact JSON: it travels whole in bus messages (64 KiB).
    static constexpr int maxDataBytes = 16384;
};

} // namespace smmo
