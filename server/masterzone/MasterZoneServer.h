// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CharacterStore.h"
#include "ChatController.h"
#include "GlobalChatStore.h"
#include "ProcessZoneLauncher.h"
#include "ZoneAccess.h"
#include "ZoneClients.h"
#include "ZonePool.h"
#include "ZoneRecordStore.h"
#include "ZoneRegistry.h"
#include "ZonesController.h"

#include <QObject>

namespace smmo {

class Config;
struct ServerContext;

/// The MasterZoneServer role: the zone registry (zone id -> URL and process), zones started on
/// demand and adopted after a restart, the administrators' zone API, and global chat and tells
/// across zones, and the warm pool of zone servers started before they are needed. Its destructor
/// stops every zone and pooled process it runs, so none outlives the master.
class MasterZoneServer : public QObject
{
    Q_OBJECT
public:
    explicit MasterZoneServer(ServerContext &context);
    ~MasterZoneServer() override;
    static void addOptions(Config &config);

private:
    void adoptRecordedZones();
    void addHealthAndMetrics(HttpServer &http);
    void recordRunning(const ZoneInfo &zone);
    void forgetRecord(const QString &zoneId);

    CharacterStore m_characters;
    ZoneRecordStore m_records;
    GlobalChatStore m_chat;
    ZonePool m_pool;
    ProcessZoneLauncher m_launcher;
    ZoneRegistry m_registry;
    ZoneClients m_clients;
    ZoneAccess m_access;
    ZonesController m_zones;
    ChatController m_chatController;
    int m_stopGraceMs;
    QHash<QString, QUrl> m_urls; ///< for dropping a gone zone's client
};

} // namespace smmo
