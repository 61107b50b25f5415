// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ScriptActions.h"

namespace smmo {

class ZoneClient;

/// ScriptActions as messages on the zone's bus (docs/protocol.md, "The bus").
class BusActions : public ScriptActions
{
public:
    explicit BusActions(ZoneClient &bus) : m_bus(bus) {}

    void say(qint64 id, const QString &text) override;
    void move(qint64 id, double dx, double dy, double dz) override;
    void set(qint64 id, const QJsonObject &fields) override;
    void spawn(const QJsonObject &object, const QString &ref) override;
    void destroy(qint64 id) override;
    void event(qint64 id, const QString &name, const QJsonObject &data) override;

    /// Actions sent since the start.
    quint64 sent() const { return m_sent; }

private:
    ZoneClient &m_bus;
    quint64 m_sent = 0;
};

} // namespace smmo
